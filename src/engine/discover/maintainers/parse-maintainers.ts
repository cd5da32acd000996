/**
 * The MAINTAINERS file as sections (reference: the file's own preamble and
 * scripts/get_maintainer.pl): a title line, then `X:<tab>value` lines; a
 * blank line ends a section. Regexes read the file; nothing is rewritten.
 */

export interface MaintainerSection {
  readonly name: string;
  /** M: "Name <address>". */
  readonly maintainers: string[];
  /** R: reviewers. */
  readonly reviewers: string[];
  /** L: mailing lists (address only). */
  readonly lists: string[];
  /** S: status. */
  status?: string;
  /** F: file patterns, X: excluded patterns, N: file-name regexes. */
  readonly files: string[];
  readonly excludes: string[];
  readonly regexes: string[];
}

const ENTRY_RE = /^([A-Z]):\s*(.*?)\s*$/;

export function parseMaintainers(text: string): MaintainerSection[] {
  const sections: MaintainerSection[] = [];
  let current: MaintainerSection | undefined;
  let title: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = ENTRY_RE.exec(line);
    if (m) {
      if (!current) {
        current = { name: title ?? '(untitled)', maintainers: [], reviewers: [], lists: [], files: [], excludes: [], regexes: [] };
        sections.push(current);
      }
      const value = m[2]!;
      switch (m[1]) {
        case 'M':
          current.maintainers.push(value);
          break;
        case 'R':
          current.reviewers.push(value);
          break;
        case 'L':
          // "list@host (moderated for non-subscribers)"; get_maintainer leaves out subscribers-only lists.
          if (!/subscribers-only/.test(value)) current.lists.push(value.replace(/\s*\(.*\)\s*$/, ''));
          break;
        case 'S':
          current.status = value;
          break;
        case 'F':
          current.files.push(value);
          break;
        case 'X':
          current.excludes.push(value);
          break;
        case 'N':
          current.regexes.push(value);
          break;
      }
    } else if (line.trim() === '') {
      current = undefined;
      title = undefined;
    } else {
      current = undefined;
      title = line.trim();
    }
  }
  return sections.filter((s) => s.files.length > 0 || s.regexes.length > 0);
}
