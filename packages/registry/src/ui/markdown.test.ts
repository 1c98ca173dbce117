import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  test('raw HTML in a README is shown as text, never rendered', () => {
    const out = renderMarkdown('<img src=x onerror=alert(1)> <script>alert(1)</script>');
    expect(out).not.toMatch(/<img|<script/);
    expect(out).toContain('&lt;script&gt;');
  });

  test('only http(s) and relative links become anchors', () => {
    const out = renderMarkdown(
      '[a](javascript:alert(1)) [b](data:text/html,x) [c](https://ok.example/x?a=1&b=2) [d](docs/setup.md)',
    );
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('href="data:');
    expect(out).toContain('<a href="https://ok.example/x?a=1&amp;b=2" rel="nofollow noopener">c</a>');
    expect(out).toContain('<a href="docs/setup.md"');
  });

  test('a quote in a link URL cannot break out of the attribute', () => {
    expect(renderMarkdown('[x](https://e.example/"onmouseover="alert(1))')).not.toMatch(/"onmouseover="/);
  });

  test('headings, lists, code and emphasis render', () => {
    const out = renderMarkdown(
      '# Title\n\n- one\n- **two**\n\n1. first\n\n```\n<b>code</b>\n```\n\nSome *em* and `x<y`.',
    );
    expect(out).toContain('<h2>Title</h2>');
    expect(out).toContain('<ul><li>one</li><li><strong>two</strong></li></ul>');
    expect(out).toContain('<ol><li>first</li></ol>');
    expect(out).toContain('<pre><code>&lt;b&gt;code&lt;/b&gt;</code></pre>');
    expect(out).toContain('<em>em</em>');
    expect(out).toContain('<code>x&lt;y</code>');
  });
});
