/**
 * The shareable setup as plain data, version 1 (docs/url-schema.md). Every field is optional in a link: what a
 * link leaves out keeps its default. Validated with zod on the way in, so a tampered link cannot set anything the
 * controls could not.
 */
import { z } from '../../engine/io/zod';
import { LESSONS } from '../../lessons/lessons';
import { HIDEABLE } from './hideable';

/** The current schema version written into every link. */
export const SHARE_VERSION = 1;

// The list lives in a module without zod, so the page's first view can name the panels without loading the validator.
export { HIDEABLE } from './hideable';

/** A decoded, validated link. */
export const shareSchema = z.object({
  v: z.literal(SHARE_VERSION),
  cell: z.enum(['rnn', 'lstm', 'gru']).optional(),
  h: z.number().int().min(1).max(64).optional(),
  l: z.number().int().min(1).max(3).optional(),
  act: z.enum(['tanh', 'relu', 'sigmoid', 'identity']).optional(),
  out: z.enum(['softmax', 'sigmoid', 'tanh', 'identity']).optional(),
  seed: z.number().int().min(0).max(4294967295).optional(),
  init: z.enum(['pytorch', 'xavier', 'orthogonal']).optional(),
  task: z.enum(['text', 'numbers']).optional(),
  in: z.string().max(40_000).optional(),
  t: z.number().int().min(0).max(100_000).optional(),
  j: z.number().int().min(1).max(4096).optional(),
  layer: z.number().int().min(1).max(4).optional(),
  sym: z.enum(['textbook', 'matrix']).optional(),
  form: z.enum(['column', 'row']).optional(),
  hide: z.array(z.enum(HIDEABLE)).max(HIDEABLE.length).optional(),
  theme: z.enum(['light', 'dark', 'contrast']).optional(),
  proj: z.literal(1).optional(),
  w: z.string().max(200_000).regex(/^[A-Za-z0-9_-]*$/).optional(),
  lesson: z.number().int().min(1).max(LESSONS.length).optional(),
  page: z.number().int().min(1).max(100).optional(),
}).strict();

/** A validated link. */
export type Share = z.infer<typeof shareSchema>;

/** Keys whose values are numbers in the hash. */
const NUMERIC = new Set(['v', 'h', 'l', 'seed', 't', 'j', 'layer', 'proj', 'lesson', 'page']);

/** Writes a share as a URL hash (without '#'): readable keys, the input URI-encoded, weights last. */
export function toHash(share: Share): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(share)) {
    if (v === undefined) continue;
    const text = Array.isArray(v) ? v.join(',') : String(v);
    parts.push(`${k}=${encodeURIComponent(text)}`);
  }
  return parts.join('&');
}

/** Reads a URL hash (with or without '#'); a readable message when it is not a valid link of a known version. */
export function fromHash(hash: string): { ok: true; share: Share } | { ok: false; error: string } {
  const body = hash.replace(/^#/, '');
  if (body.length > 250_000) return { ok: false, error: 'This link is too long to be a setup of this app.' };
  const raw: Record<string, unknown> = {};
  for (const part of body.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
    } catch {
      return { ok: false, error: `The link's "${key.slice(0, 20)}" is not readable (bad %-encoding).` };
    }
    raw[key] = key === 'hide' ? value.split(',').filter(Boolean) : NUMERIC.has(key) ? Number(value) : value;
  }
  if (raw.v === undefined) return { ok: false, error: 'This link has no version (v=…): it is not a setup of this app.' };
  if (typeof raw.v === 'number' && raw.v > SHARE_VERSION) {
    return { ok: false, error: `This link was made by a newer version of the app (link version ${raw.v}, this app reads up to ${SHARE_VERSION}).` };
  }
  const parsed = shareSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      // Keys are quoted as the link has them (percent-encoded), cut short: a link may carry anything.
      const keys = issue.keys.slice(0, 3).map((k) => `"${k.length > 30 ? `${k.slice(0, 30)}…` : k}"`).join(', ');
      return { ok: false, error: `The link has ${issue.keys.length > 1 ? 'keys' : 'a key'} this app does not read: ${keys}${issue.keys.length > 3 ? ', …' : ''}.` };
    }
    return { ok: false, error: `The link's "${issue.path.join('.').slice(0, 30) || '?'}" is not valid (${issue.message.slice(0, 200)}).` };
  }
  const { lesson, page } = parsed.data;
  if (page !== undefined && lesson === undefined) return { ok: false, error: 'The link\'s "page" is not valid (it needs a lesson=…).' };
  if (page !== undefined && lesson !== undefined && page > LESSONS[lesson - 1].pages.length) {
    return { ok: false, error: `The link's "page" is not valid (lesson ${lesson} has ${LESSONS[lesson - 1].pages.length} pages).` };
  }
  return { ok: true, share: parsed.data };
}
