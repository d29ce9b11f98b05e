extension DashboardPage {
    // Plain JavaScript, no build step: a hash router over three views, a fetch wrapper that
    // sends the key, and the event stream read with fetch (EventSource cannot send a header).
    static let script = #"""
    "use strict";
    const state = { token: sessionStorage.getItem("bulwarkToken") || "", lastEventId: null, paused: {}, refresh: null };
    const view = document.getElementById("view");
    const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
    const fmt = (n, d = 2) => (n === null || n === undefined) ? "\u2014"
      : Number(n).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
    // A money figure in its account's currency: cents for USD, satoshis for a coin.
    const money = (n, currency) => fmt(n, currency && currency !== "USD" ? 8 : 2);
    const pct = (x) => Number(x * 100).toLocaleString("en-US", { maximumFractionDigits: 1 }) + "%";
    const utc = (t) => t ? t.replace("T", " ").replace("Z", " UTC") : "\u2014";
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

    function headers(extra) {
      const h = Object.assign({ Accept: "application/json" }, extra || {});
      if (state.token) h.Authorization = "Bearer " + state.token;
      return h;
    }

    async function api(path, body) {
      const options = body === undefined ? { headers: headers() }
        : { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(body) };
      const response = await fetch(path, options);
      if (response.status === 401) { askToken(); throw new Error("an API key is needed"); }
      const json = await response.json().catch(() => null);
      if (!response.ok) throw new Error((json && json.detail) || (response.status + " " + response.statusText));
      return json;
    }

    function askToken() { document.getElementById("token-form").hidden = false; document.getElementById("token-input").focus(); }
    document.getElementById("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      state.token = document.getElementById("token-input").value.trim();
      sessionStorage.setItem("bulwarkToken", state.token);
      document.getElementById("token-form").hidden = true;
      route();
    });

    function showError(message) {
      const box = document.getElementById("error");
      box.hidden = !message;
      box.textContent = message || "";
    }

    function table(head, rows, attributes) {
      return `<table ${attributes || ""}><thead><tr>${head.map((h) => `<th scope="col"${h.num ? ' class="num"' : ""}>${esc(h.label || h)}</th>`).join("")}</tr></thead>`
        + `<tbody>${rows.join("")}</tbody></table>`;
    }

    // The book: accounts riskiest first, filtered, with the distance to liquidation.
    async function renderBook() {
      const params = new URLSearchParams(location.hash.split("?")[1] || "");
      const query = new URLSearchParams({ limit: "100" });
      for (const key of ["status", "underlying", "cursor"]) if (params.get(key)) query.set(key, params.get(key));
      const page = await api("/v1/accounts?" + query);
      const statuses = ["", "insolvent", "liquidatable", "warning", "healthy", "unpriced"];
      const num = (label) => ({ label, num: true });
      view.innerHTML = `<h2>Book, riskiest first</h2>
        <form id="filters"><label for="f-status">Status</label><select id="f-status">${statuses.map((s) => `<option${s === (params.get("status") || "") ? " selected" : ""}>${s}</option>`).join("")}</select>
        <label for="f-underlying">Underlying</label><input id="f-underlying" size="8" value="${esc(params.get("underlying") || "")}">
        <button type="submit">Filter</button></form>`
        + table(["Account", "Status", num("Margin ratio"), num("Equity"), num("Maintenance margin"), num("Initial margin"), "To liquidation (% of spot)"],
          page.accounts.map((a) => `<tr data-account="${esc(a.id)}" class="status-${esc(a.status)}"><td><a href="#/accounts/${encodeURIComponent(a.id)}">${esc(a.id)}</a></td>`
            + `<td class="status">${esc(a.status)}</td><td class="num">${fmt(a.marginRatio, 3)}</td><td class="num">${money(a.equity, a.accountCurrency)}</td>`
            + `<td class="num">${money(a.maintenanceMargin, a.accountCurrency)}</td><td class="num">${money(a.initialMargin, a.accountCurrency)}</td><td class="distance num"></td></tr>`), 'id="book"')
        + (page.nextCursor ? `<p><a id="next-page" href="#/?${esc(nextPage(params, page.nextCursor))}">Next 100 accounts</a></p>` : "");
      document.getElementById("filters").addEventListener("submit", (event) => {
        event.preventDefault();
        const next = new URLSearchParams();
        const status = document.getElementById("f-status").value, underlying = document.getElementById("f-underlying").value.trim().toUpperCase();
        if (status) next.set("status", status);
        if (underlying) next.set("underlying", underlying);
        location.hash = "#/?" + next;
      });
      for (const account of page.accounts.slice(0, 50)) {
        api(`/v1/accounts/${encodeURIComponent(account.id)}/health`).then((health) => {
          const row = view.querySelector(`tr[data-account="${CSS.escape(account.id)}"] .distance`);
          if (row) row.textContent = distances(health);
        }).catch(() => {});
      }
    }

    function nextPage(params, cursor) {
      const next = new URLSearchParams(params);
      next.set("cursor", cursor);
      return next.toString();
    }

    function distances(health) {
      return (health.liquidationPrices || []).map((level) => {
        const moves = [level.below, level.above].filter((p) => p !== null && p !== undefined && level.spot)
          .map((p) => Math.abs(p - level.spot) / level.spot * 100);
        return `${level.underlying} ${moves.length ? fmt(Math.min(...moves), 1) + "%" : "\u2014"}`;
      }).join(", ");
    }

    // One account: health, positions with Greeks, liquidation prices, the scenario heatmap.
    async function renderAccount(id) {
      const path = `/v1/accounts/${encodeURIComponent(id)}`;
      const [stored, health] = await Promise.all([api(path), api(path + "/health")]);
      const currency = stored.accountCurrency || "USD";
      const portfolio = { accountCurrency: currency, cash: stored.cash, collateral: stored.collateral, positions: stored.positions };
      const margin = await api("/v1/margin", Object.assign({ mode: stored.mode, methodology: stored.methodology }, portfolio)).catch((e) => ({ error: e.message }));
      const scenarios = await api("/v1/scenarios", portfolio).catch((e) => ({ error: e.message }));
      const num = (label) => ({ label, num: true });
      view.innerHTML = `<h2>Account ${esc(id)}</h2>
        <p class="status-${esc(health.status)}">Status <span class="status">${esc(health.status)}</span>${health.reason ? " (" + esc(health.reason) + ")" : ""},
        margin ratio ${fmt(health.marginRatio, 3)}, equity ${money(health.equity, currency)}, maintenance ${money(health.maintenanceMargin, currency)},
        initial ${money(health.initialMargin, currency)} ${esc(currency)}, as of ${utc(health.asOf)}; ${esc(stored.mode)} mode, ${esc(stored.methodology.profile)} profile.</p>`
        + "<h2>Liquidation prices</h2>" + table(["Underlying", num("Spot"), num("Below"), num("Above")],
          (health.liquidationPrices || []).map((l) => `<tr><td>${esc(l.underlying)}</td><td class="num">${fmt(l.spot)}</td><td class="num">${fmt(l.below)}</td><td class="num">${fmt(l.above)}</td></tr>`))
        + "<h2>Positions</h2>" + (margin.error ? `<p>${esc(margin.error)}</p>` : table(
          ["Instrument", num("Size"), num("Mark"), num("Value"), num("Delta"), num("Gamma"), num("Vega"), num("Theta")],
          margin.positions.map((p) => `<tr><td>${esc(typeof p.instrument === "string" ? p.instrument : JSON.stringify(p.instrument))}</td><td class="num">${fmt(p.size, 4)}</td>`
            + `<td class="num">${fmt(p.markPrice)}</td><td class="num">${money(p.value, currency)}</td><td class="num">${fmt(p.delta, 4)}</td>`
            + `<td class="num">${fmt(p.gamma, 6)}</td><td class="num">${fmt(p.vega)}</td><td class="num">${fmt(p.theta)}</td></tr>`)))
        + "<h2>Scenario P&amp;L (portfolio grid)</h2>" + (scenarios.error ? `<p>${esc(scenarios.error)}</p>` : scenarios.underlyings.map(heatmap).join(""));
    }

    // One cell per scenario (`data-scenario` is its index in the answer), spot shocks across, vol shocks down.
    function heatmap(u) {
      const regular = u.scenarios.map((s, index) => Object.assign({ index }, s)).filter((s) => !s.extreme);
      const spots = [...new Set(regular.map((s) => s.spotShock))].sort((a, b) => a - b);
      const vols = [...new Set(regular.map((s) => s.volShock))].sort((a, b) => a - b);
      const scale = Math.max(1, ...u.scenarios.map((s) => Math.abs(s.pnl)));
      const worst = u.worstScenario ? u.worstScenario.index : -1;
      const cell = (s) => {
        const share = Math.min(1, Math.abs(s.pnl) / scale), light = Math.round(100 - 45 * share);
        const colour = s.pnl < 0 ? `hsl(0, 80%, ${light}%)` : `hsl(120, 50%, ${light}%)`;
        const title = `spot ${pct(s.spotShock)}, vol ${pct(s.volShock)}${s.extreme ? ", weight " + s.weight : ""}${s.index === worst ? ": the worst (weighted)" : ""}`;
        return `<td data-scenario="${s.index}" data-spot-shock="${s.spotShock}" data-vol-shock="${s.volShock}"${s.index === worst ? ' class="worst"' : ""}`
          + ` title="${title}" style="background:${colour}">${fmt(s.pnl, 0)}</td>`;
      };
      const rows = vols.map((vol) => `<tr><th scope="row">vol ${pct(vol)}</th>${spots.map((spot) => {
        const s = regular.find((r) => r.spotShock === spot && r.volShock === vol);
        return s ? cell(s) : "<td></td>";
      }).join("")}</tr>`);
      const extremes = u.scenarios.map((s, index) => Object.assign({ index }, s)).filter((s) => s.extreme);
      return `<h3>${esc(u.underlying)} at ${fmt(u.spot)}: scan loss ${fmt(u.scanLoss)}</h3>
        <table class="heatmap" data-underlying="${esc(u.underlying)}"><thead><tr><th scope="col">vol \\ spot</th>${spots.map((s) => `<th scope="col" class="num">${pct(s)}</th>`).join("")}</tr></thead>`
        + `<tbody>${rows.join("")}${extremes.length ? `<tr><th scope="row">extreme</th>${extremes.map(cell).join("")}</tr>` : ""}</tbody></table>`;
    }

    // The venue: prices, liquidation plans, the insurance fund, events, parameters.
    async function renderVenue() {
      const [prices, plans, fund, parameters, proposals, latest] = await Promise.all([
        api("/v1/prices"), api("/v1/liquidations"), api("/v1/insurance-fund?limit=1000"), api("/v1/parameters"),
        api("/v1/parameters/proposals").catch(() => ({ proposals: [] })), api("/v1/events?limit=1")]);
      const events = await api(`/v1/events?since=${Math.max(0, latest.latestId - 50)}&limit=50`);
      const num = (label) => ({ label, num: true });
      view.innerHTML = `<h2>Prices (${esc(prices.precedence)})</h2>`
        + table(["Asset", num("Price"), "Status", "Source", "Feeds"], prices.prices.map((p) => `<tr><td>${esc(p.asset)}</td><td class="num">${fmt(p.price)}</td>`
          + `<td>${esc(p.status)}${p.reason ? ": " + esc(p.reason) : ""}</td><td>${esc(p.source)}</td>`
          + `<td>${(p.sources || []).map((s) => `${esc(s.source)} ${s.included ? "in" : "out" + (s.reason ? " (" + esc(s.reason) + ")" : "")}`).join("; ")}</td></tr>`))
        + "<h2>Open liquidation plans</h2>" + table(["Account", "Status", num("Margin ratio before"), num("Steps"), num("Penalty"), "Paused"],
          plans.plans.map((p) => `<tr><td><a href="#/accounts/${encodeURIComponent(p.account)}">${esc(p.account)}</a></td><td>${esc(p.status)}</td>`
            + `<td class="num">${fmt(p.plan.marginRatioBefore, 3)}</td><td class="num">${p.plan.steps.length}</td><td class="num">${fmt(p.plan.totalPenalty)}</td>`
            + `<td>${p.paused ? "yes" : "no"}</td></tr>`))
        + `<h2>Insurance fund: ${fmt(fund.balance)}</h2>` + fundChart(fund.history)
        + "<h2>Recent events</h2>" + table(["Id", "Time (UTC)", "Type", "Account"], events.events.slice().reverse().map((e) =>
          `<tr><td class="num">${e.id}</td><td>${utc(e.time)}</td><td>${esc(e.type)}</td><td>${e.account ? esc(e.account) : ""}</td></tr>`))
        + `<h2>Parameters</h2><p>In force: version ${esc(parameters.version)}${parameters.activatedAt ? ", activated " + utc(parameters.activatedAt) : ""}.</p>`
        + table(["Proposal", "Status", "Rationale"], proposals.proposals.filter((p) => !["active", "superseded", "expired"].includes(p.status))
          .map((p) => `<tr><td>${esc(p.id)}</td><td>${esc(p.status)}</td><td>${esc(p.rationale)}</td></tr>`));
    }

    // The fund's balance after each ledger entry, as a line.
    function fundChart(history) {
      if (!history.length) return "<p>No movements yet.</p>";
      let balance = 0;
      const points = history.map((e) => (balance += e.amount));
      const high = Math.max(...points, 0), low = Math.min(...points, 0), span = Math.max(high - low, 1);
      const xy = points.map((p, i) => `${(i / Math.max(points.length - 1, 1)) * 600},${150 - ((p - low) / span) * 140 - 5}`).join(" ");
      return `<svg role="img" aria-label="Insurance fund balance over its last ${points.length} movements" width="600" height="150" viewBox="0 0 600 150">`
        + `<polyline fill="none" stroke="#0645ad" stroke-width="2" points="${xy}"/></svg>`;
    }

    // The event stream, resumed with Last-Event-ID after a drop; a status change refreshes the book.
    async function stream() {
      const banner = document.getElementById("stream-status");
      for (;;) {
        try {
          const extra = state.lastEventId ? { "Last-Event-ID": state.lastEventId } : {};
          const response = await fetch("/v1/events/stream", { headers: headers(extra) });
          if (response.status === 401) { askToken(); throw new Error("key"); }
          if (!response.ok || !response.body) throw new Error(String(response.status));
          banner.textContent = "live: following the event stream";
          banner.className = "banner";
          const reader = response.body.getReader(), decoder = new TextDecoder();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              handleMessage(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
            }
          }
        } catch (error) { /* reconnect below */ }
        banner.textContent = "disconnected from the event stream: reconnecting";
        banner.className = "banner disconnected";
        await sleep(2000);
      }
    }

    function handleMessage(block) {
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("id:")) state.lastEventId = line.slice(3).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (!data) return;
      const event = JSON.parse(data);
      if (event.type === "liquidations.paused") state.paused[event.asset] = event.reason;
      if (event.type === "liquidations.resumed") delete state.paused[event.asset];
      showPaused();
      clearTimeout(state.refresh);
      state.refresh = setTimeout(() => { if (!location.hash.startsWith("#/accounts/")) route(); }, 300);
    }

    function showPaused() {
      const box = document.getElementById("paused"), assets = Object.keys(state.paused);
      box.hidden = assets.length === 0;
      box.textContent = assets.length ? "Liquidations paused (price stale, volatile or unavailable): "
        + assets.map((a) => `${a}: ${state.paused[a]}`).join("; ") : "";
    }

    async function route() {
      const hash = location.hash || "#/";
      try {
        showError("");
        if (hash.startsWith("#/accounts/")) await renderAccount(decodeURIComponent(hash.slice("#/accounts/".length)));
        else if (hash.startsWith("#/venue")) await renderVenue();
        else await renderBook();
        view.setAttribute("data-rendered", hash);
      } catch (error) {
        showError(error.message);
      }
    }

    window.addEventListener("hashchange", route);
    api("/v1/liquidations").then((plans) => { state.paused = Object.assign({}, plans.liquidationsPaused); showPaused(); }).catch(() => {});
    route();
    stream();
    """#
}
