/**
 * Translations are complete and used correctly (CONVENTIONS 18):
 * - zh-CN (source of truth) and en have exactly the same keys, no empty message, and the
 *   same placeholders per message;
 * - every key the code uses literally (`t('…')`, `$t('…')`, `keypath="…"`) exists;
 * - every dynamic key goes through `i18n/keys.ts`, and each of its families has a message
 *   for every member, in both languages;
 * - every error code of the catalogue and every client code has a message.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES } from '../../dashboard/src/api/problem.js';
import { INCIDENT_TYPES } from '../../dashboard/src/api/alerts-api.js';
import * as keys from '../../dashboard/src/i18n/keys.js';
import { LOCALES } from '../../dashboard/src/i18n/locales.js';
import { LEVELS } from '../../dashboard/src/levels.js';
import { SERIES_MEASURES } from '../../dashboard/src/views/engineer/measure-lines.js';
import { RANGE_PRESETS } from '../../dashboard/src/views/engineer/time-range.js';
import { ERROR_CODES } from '../../services/contracts/errors.js';

const SRC = fileURLToPath(new URL('../../dashboard/src/', import.meta.url));
type Messages = { [key: string]: string | Messages };

const messages: Record<string, Messages> = Object.fromEntries(
  LOCALES.map((locale) => [locale, JSON.parse(readFileSync(join(SRC, 'i18n', `${locale}.json`), 'utf8')) as Messages]),
);

function flatten(tree: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(LOCALES.map((locale) => [locale, flatten(messages[locale] as Messages)])) as Record<(typeof LOCALES)[number], Map<string, string>>;
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|vue)$/.test(name) ? [path] : [];
  });
}

describe('dashboard translations', () => {
  it('has the same keys in zh-CN and en, none empty', () => {
    const zh = [...flat['zh-CN'].keys()].sort();
    const en = [...flat.en.keys()].sort();
    expect(en).toEqual(zh);
    for (const locale of LOCALES) for (const [key, value] of flat[locale]) expect(value.trim(), `${locale} ${key}`).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, zh] of flat['zh-CN']) {
      // English plural forms ("{n} second ago | {n} seconds ago") repeat placeholders: compare the sets.
      expect([...new Set(placeholders(flat.en.get(key) ?? ''))], key).toEqual([...new Set(placeholders(zh))]);
    }
  });

  it('has Chinese text only in zh-CN.json', () => {
    const han = /\p{Script=Han}/u;
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8')
        // comments may name the Chinese terms they explain (e.g. 北进口 in a doc comment)
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1')
        .replace(/<!--[\s\S]*?-->/g, '');
      expect(han.test(text), relative(SRC, file)).toBe(false);
    }
  });

  it('knows every key the code uses', () => {
    const literal = /(?:\$t|\bt)\(\s*'([^']+)'|keypath="([^"]+)"/g;
    const used = new Map<string, string>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(literal)) used.set(match[1] ?? match[2] ?? '', relative(SRC, file));
      // A key built from a template must come from i18n/keys.ts, whose families are checked below.
      if (!file.endsWith(join('i18n', 'keys.ts'))) expect(/\bt\(\s*`/.test(text), `${relative(SRC, file)} builds a key inline`).toBe(false);
    }
    expect(used.size).toBeGreaterThan(100);
    for (const [key, file] of used) for (const locale of LOCALES) expect(flat[locale].has(key), `${key} (used in ${file}) missing in ${locale}`).toBe(true);
  });

  it('has a message for every member of every dynamic key family', () => {
    const families: string[] = [
      ...LEVELS.map(keys.levelKey),
      keys.levelKey('unknown'),
      ...keys.ALERT_KINDS.map(keys.alertKindKey),
      ...keys.ALERT_SEVERITIES.map(keys.alertSeverityKey),
      ...keys.ALERT_STATUSES.map(keys.alertStatusKey),
      ...keys.DEGRADED_REASONS.map(keys.degradedKey),
      ...keys.TERMINATIONS.map(keys.terminationKey),
      ...keys.ROLES.map(keys.roleKey),
      ...keys.DIRECTIONS.map(keys.directionKey),
      ...keys.AGE_UNITS.map(keys.ageKey),
      ...keys.CONTROLLER_STATES.map(keys.controllerKey),
      ...keys.DETECTOR_FAULTS.map(keys.detectorFaultKey),
      ...INCIDENT_TYPES.map(keys.incidentTypeKey),
      ...LOCALES.map(keys.localeKey),
      ...RANGE_PRESETS.map(keys.rangePresetKey),
      ...SERIES_MEASURES.map(keys.measureNameKey),
      ...keys.PLAN_SOURCES.map(keys.planSourceKey),
    ];
    for (const key of families) for (const locale of LOCALES) expect(flat[locale].has(key), `${key} missing in ${locale}`).toBe(true);
  });

  it('translates every error code of the catalogue and every client code', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(10);
    for (const code of [...ERROR_CODES, ...CLIENT_ERROR_CODES]) {
      for (const locale of LOCALES) expect(flat[locale].has(keys.errorKey(code)), `${code} missing in ${locale}`).toBe(true);
    }
  });
});
