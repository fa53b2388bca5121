// The Discord markdown the commands write, as a page shows it: markup for the formatting, the escaped
// characters as themselves, and every character of the text escaped by Hono's `html`.
import { describe, expect, it } from 'vitest';
import { escapeCodeBlock, escapeMarkdown } from '../discord/markdown.ts';
import { inlineMarkdownHtml, markdownHtml } from './markdown.ts';

const md = (text: string) => String(markdownHtml(text));

describe('markdownHtml', () => {
  it('renders bold, italics, underline, strike and inline code', () => {
    expect(md('**MVP: x** and *it* _em_ __u__ ~~s~~ `a_b*c`')).toBe(
      '<p><strong>MVP: x</strong> and <em>it</em> <em>em</em> <u>u</u> <s>s</s> <code>a_b*c</code></p>',
    );
    expect(md('**bold with *italic* inside**')).toBe(
      '<p><strong>bold with <em>italic</em> inside</strong></p>',
    );
  });

  it('shows backslash-escaped characters as themselves, across bold', () => {
    expect(md('🏅 **MVP: S\\_36** (Team B)')).toBe('<p><strong>MVP: S_36</strong> (Team B)</p>');
    expect(md('**3. braundorf\\_b4**')).toBe('<p><strong>3. braundorf_b4</strong></p>');
    expect(md('etl\\_adlernest \\*not bold\\* \\\\ \\- \\#1 \\<b\\>')).toBe(
      '<p>etl_adlernest *not bold* \\ - #1 &lt;b&gt;</p>',
    );
  });

  it('leaves underscores inside words and lone markers as typed', () => {
    expect(md('snake_case_name 2 * 3 a*')).toBe('<p>snake_case_name 2 * 3 a*</p>');
    expect(md('**unclosed')).toBe('<p>**unclosed</p>');
  });

  it('shows any player name as typed after the commands escape it', () => {
    for (const name of [
      '*olz*',
      '__init__',
      '<script>alert(1)</script>',
      'a\\b',
      '`x`',
      '~~s~~',
      '[a](https://x.y)',
    ]) {
      const shown = md(`**${escapeMarkdown(name)}** — 12 kills`);
      const expected = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(shown, name).toBe(`<p><strong>${expected}</strong> — 12 kills</p>`);
    }
  });

  it('escapes text as Hono does and keeps code blocks as typed', () => {
    expect(md('a <b> & "c"')).toBe('<p>a &lt;b&gt; &amp; &quot;c&quot;</p>');
    expect(md(`\`\`\`\n${escapeCodeBlock('x_y **z** <i>')}\n\`\`\``)).toBe(
      '<pre>x_y **z** &lt;i&gt;</pre>',
    );
  });

  it('renders lists, headings, notes, timestamps, mentions and http links only', () => {
    expect(md('# Title\n- one\n- **two**\n-# small')).toBe(
      '<h3>Title</h3><ul><li>one</li><li><strong>two</strong></li></ul><p class="note">small</p>',
    );
    expect(md('at <t:0:f> by <@123>')).toBe(
      '<p>at <time datetime="1970-01-01T00:00:00.000Z">1970-01-01 00:00 UTC</time> by a linked member</p>',
    );
    expect(md('[site](https://e.org/a?b=1&c=2) [bad](javascript:alert(1))')).toBe(
      '<p><a href="https://e.org/a?b=1&amp;c=2">site</a> [bad](javascript:alert(1))</p>',
    );
  });

  it('renders one line without a paragraph for titles and field names', () => {
    expect(String(inlineMarkdownHtml('**4. etl\\_adlernest** · R1'))).toBe(
      '<strong>4. etl_adlernest</strong> · R1',
    );
  });

  it('strips controls and stays quick on a line of markers', () => {
    expect(md('a\u202eb\u200bc')).toBe('<p>abc</p>');
    const started = performance.now();
    md('*_'.repeat(500));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('shows the medals as labelled text badges and leaves decorative icons out', () => {
    expect(md('🥇 S\\_36 — 149\n🥈 qmr22 — 146\n🥉 x — 1')).toBe(
      '<p><span class="medal gold" role="img" aria-label="gold medal">1</span>S_36 — 149</p>' +
        '<p><span class="medal silver" role="img" aria-label="silver medal">2</span>qmr22 — 146</p>' +
        '<p><span class="medal bronze" role="img" aria-label="bronze medal">3</span>x — 1</p>',
    );
    expect(md('🗡️ **Top fragger** — a: 3\n🏅 **MVP: b**')).toBe(
      '<p><strong>Top fragger</strong> — a: 3</p><p><strong>MVP: b</strong></p>',
    );
    expect(md('- ✅ First blood\n- ⬜ Centurion')).toBe(
      '<ul><li><span class="mark done" role="img" aria-label="unlocked">✓</span>First blood</li>' +
        '<li><span class="mark todo" role="img" aria-label="not yet">·</span>Centurion</li></ul>',
    );
    expect(String(inlineMarkdownHtml('🏆 Champion'))).toBe(
      '<span class="medal gold" role="img" aria-label="trophy">★</span>Champion',
    );
  });

  it('keeps emoji that are part of a name', () => {
    expect(md('1. 🔥Blaze🔥 — 12\n👨‍👩‍👧 family — 3\n🦄 Uni — 2')).toBe(
      '<p>1. 🔥Blaze🔥 — 12</p><p>👨‍👩‍👧 family — 3</p><p>🦄 Uni — 2</p>',
    );
  });
});
