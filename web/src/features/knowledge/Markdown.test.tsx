import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

afterEach(cleanup);

function renderSource(source: string) {
  return render(<Markdown source={source} />).container;
}

describe('Markdown', () => {
  it('renders headings (one level below the page’s h1), lists, code and web links', () => {
    const root = renderSource(
      '# Reset MFA\n\n- Open the portal\n- Run `Reset-MfaUser`\n\n[Docs](https://learn.microsoft.com/mfa)',
    );
    expect(root.querySelector('h1')).toBeNull();
    expect(root.querySelector('h2')?.textContent).toBe('Reset MFA');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    expect(root.querySelector('code')?.textContent).toBe('Reset-MfaUser');
    const link = root.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://learn.microsoft.com/mfa');
    expect(link?.getAttribute('rel')).toContain('noopener');
  });

  it('shows stored HTML as text instead of running it', () => {
    const root = renderSource('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('[onerror]')).toBeNull();
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.textContent).toContain('<img src=x onerror="alert(2)">');
  });

  it('never produces a javascript: (or data:) link', () => {
    const root = renderSource(
      '[x](javascript:alert(1)) [y](JAVASCRIPT:alert(2)) [z](data:text/html,hi) ![i](javascript:alert(3))',
    );
    for (const element of root.querySelectorAll('[href], [src]')) {
      const target = element.getAttribute('href') ?? element.getAttribute('src') ?? '';
      expect(target).toMatch(/^(https?:|mailto:)/i);
    }
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toContain('[x](javascript:alert(1))');
  });

  it('turns bare addresses into links and keeps mailto links', () => {
    const root = renderSource('See https://status.example.com or [mail us](mailto:help@example.com).');
    const hrefs = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://status.example.com', 'mailto:help@example.com']);
  });

  it('aligns table columns with classes, not style attributes (the policy refuses inline styles)', () => {
    const root = renderSource('| Port | Name | Note |\n| ---: | :---: | :--- |\n| 443 | https | tls |');
    expect(root.querySelector('[style]')).toBeNull();
    expect([...root.querySelectorAll('td')].map((td) => td.className)).toEqual([
      'text-right',
      'text-center',
      'text-left',
    ]);
  });
});
