extension DashboardPage {
    static let style = """
    body { font-family: system-ui, sans-serif; margin: 0 1.5rem 2rem; color: #111; background: #fff; }
    header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1rem; border-bottom: 1px solid #ccc; }
    h1 { font-size: 1.4rem; margin: 0.6rem 0; } h2 { font-size: 1.1rem; margin-top: 1.4rem; }
    a { color: #0645ad; } a:focus, button:focus, select:focus, input:focus { outline: 3px solid #f90; }
    table { border-collapse: collapse; margin: 0.5rem 0; } th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; }
    th { text-align: left; background: #f3f3f3; } .num { text-align: right; font-variant-numeric: tabular-nums; }
    .banner { margin: 0.4rem 0; padding: 0.2rem 0.6rem; border-radius: 3px; background: #e8f4e8; }
    .banner.disconnected, .banner.warning { background: #fff1c2; } .banner.error { background: #fde0e0; }
    .status-healthy .status { color: #0a6b0a; } .status-warning .status { color: #8a5a00; }
    .status-liquidatable .status { color: #b00020; font-weight: bold; } .status-insolvent .status { color: #fff; background: #b00020; }
    .status-unpriced .status { color: #555; font-style: italic; }
    .heatmap td { width: 5.5rem; text-align: right; font-variant-numeric: tabular-nums; color: #000; }
    .heatmap td.worst { outline: 3px solid #000; outline-offset: -3px; font-weight: bold; }
    label { margin-right: 0.4rem; } footer { margin-top: 2rem; color: #444; font-size: 0.9rem; }
    """
}
