import { load as parseYaml } from 'js-yaml';
import { article, cleanTags, type Converted, failure, humaniseName, firstHeading } from './text';

// Front matter is the YAML between a first line of `---` and the next line of `---` (or `...`).
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * A Markdown article (SPEC §14): optional front matter with `title` and `tags`; without a title
 * there, the first `# heading` is the title, else the file name. The Markdown itself is kept as
 * written, like an article typed into the editor.
 */
export function convertMarkdown(name: string, text: string): Converted {
  let body = text;
  let title: string | undefined;
  let tags: string[] = [];
  const front = FRONT_MATTER.exec(text);
  if (front) {
    let meta: unknown;
    try {
      meta = parseYaml(front[1]!);
    } catch (e) {
      return failure(`the front matter is not valid YAML (${(e as Error).message.split('\n')[0]})`);
    }
    if (meta !== null && meta !== undefined && (typeof meta !== 'object' || Array.isArray(meta)))
      return failure('the front matter must be a set of fields such as title and tags');
    const fields = (meta ?? {}) as Record<string, unknown>;
    if (typeof fields.title === 'string' && fields.title.trim()) title = fields.title;
    tags = cleanTags(fields.tags);
    body = text.slice(front[0].length);
  }
  if (!title) {
    const heading = firstHeading(body);
    if (heading) ({ title, body } = heading);
  }
  return article(title ?? humaniseName(name), body, tags);
}
