/** Escapes text for HTML element content and double-quoted attribute values. */
export function esc(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}
export const raw = (html: string): Raw => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

function render(v: unknown): string {
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === undefined || v === null || v === false) return '';
  return esc(v);
}

/** The page frame: header with navigation, main content, no scripts. */
export function layout(title: string, body: Raw, opts: { team?: string } = {}): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · dsforge plugin registry</title>
        <link rel="stylesheet" href="/assets/style.css" />
      </head>
      <body>
        <header>
          <a class="brand" href="/">dsforge plugin registry</a>
          <nav>
            <a href="/">Browse</a>
            <a href="/teams/mine">My team${opts.team ? ` (${opts.team})` : ''}</a>
            <a href="/adoption">Adoption</a>
            <a href="/mission">Mission metrics</a>
          </nav>
        </header>
        <main>${body}</main>
        <footer>Grafana repository URL: <code>/api/plugins</code> · JSON API under <code>/api</code></footer>
      </body>
    </html>`.html;
}

/** Stylesheet served at /assets/style.css (kept out of the HTML so the CSP needs no 'unsafe-inline'). */
export const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
header{display:flex;gap:24px;align-items:center;padding:12px 24px;background:#111217;color:#fff}
header a{color:#d8d9dd;text-decoration:none}header a:hover{color:#fff}.brand{font-weight:700;color:#ff8833!important}
nav{display:flex;gap:16px}main{max-width:1080px;margin:24px auto;padding:0 16px}
footer{max-width:1080px;margin:32px auto;padding:0 16px;color:#656d76;font-size:13px}
h1{font-size:26px;margin:0 0 8px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:14px 16px;margin:10px 0}
.card h3{margin:0 0 4px;font-size:17px}.muted{color:#656d76}.row{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.badge{display:inline-block;font-size:12px;padding:1px 8px;border-radius:12px;border:1px solid #d0d7de;background:#f6f8fa}
.ok{background:#dafbe1;border-color:#4ac26b;color:#116329}.bad{background:#ffebe9;border-color:#ff8182;color:#a40e26}
.warn{background:#fff8c5;border-color:#d4a72c;color:#7d4e00}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:6px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:10px;overflow:auto}
.md{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:8px 20px}
form.inline{display:flex;gap:8px;flex-wrap:wrap;align-items:center}input[type=text],input[type=search],input[type=password],input[type=number]{padding:6px 10px;border:1px solid #d0d7de;border-radius:6px;font:inherit}
input[type=search]{width:360px}button{padding:6px 14px;border:1px solid #1f883d;background:#1f883d;color:#fff;border-radius:6px;font:inherit;cursor:pointer}
a{color:#0969da}.grid{display:grid;grid-template-columns:2fr 1fr;gap:24px}@media(max-width:800px){.grid{grid-template-columns:1fr}}
.err{background:#ffebe9;border:1px solid #ff8182;padding:8px 12px;border-radius:6px}
tr.yanked td{background:#fff5f5;color:#57606a}tr.yanked td:first-child{box-shadow:inset 4px 0 #cf222e}.yank-reason{font-style:italic}
.yanked-notice{background:#ffebe9;border:1px solid #ff8182;border-left:6px solid #cf222e;border-radius:6px;padding:2px 16px;margin:12px 0}
pre.wrap{white-space:pre-wrap;overflow-wrap:anywhere}.yank-history h3{font-size:15px;margin:12px 0 4px}.yank-history ol{margin:0 0 8px;padding-left:20px}
`;
