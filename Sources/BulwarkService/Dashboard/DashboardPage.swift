/// The risk dashboard (`GET /dashboard`): one page whose HTML, CSS and JavaScript are in the
/// binary, reading only the service's own read routes (docs/DASHBOARD.md). It never writes.
enum DashboardPage {
    static var html: String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Bulwark risk dashboard</title>
        <style>\(style)</style>
        </head>
        <body>
        <header>
          <h1>Bulwark</h1>
          <nav aria-label="Views"><a href="#/">Book</a> <a href="#/venue">Venue</a></nav>
          <p id="stream-status" role="status" class="banner">connecting to the event stream</p>
          <p id="paused" role="status" class="banner warning" hidden></p>
        </header>
        <form id="token-form" hidden>
          <label for="token-input">This service needs an API key to read: </label>
          <input id="token-input" type="password" autocomplete="off">
          <button type="submit">Use key</button>
          <span>(kept in this tab's session storage, sent as a bearer header, never in the URL)</span>
        </form>
        <p id="error" role="alert" class="banner error" hidden></p>
        <main id="view" tabindex="-1"></main>
        <footer>All times UTC. Amounts in the quote currency.</footer>
        <script>\(script)</script>
        </body>
        </html>
        """
    }
}
