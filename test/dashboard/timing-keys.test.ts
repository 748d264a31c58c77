/**
 * Every dynamic timing message key (statuses, run outcomes, reasons, flags, bounds, ...) has a
 * message in both languages, and the flag families match the optimiser's flags.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../dashboard/src/i18n/locales.js';
import * as keys from '../../dashboard/src/views/engineer/suggestions/timing-keys.js';

const SRC = fileURLToPath(new URL('../../dashboard/src/i18n/', import.meta.url));
type Messages = { [key: string]: string | Messages };
const lookup = (tree: Messages, key: string) => key.split('.').reduce<string | Messages | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);

describe('timing message keys', () => {
  const messages = Object.fromEntries(LOCALES.map((locale) => [locale, JSON.parse(readFileSync(join(SRC, `${locale}.json`), 'utf8')) as Messages]));

  it('has a message for every member of every timing key family, in both languages', () => {
    const families = [
      ...keys.SUGGESTION_STATUSES.map(keys.suggestionStatusKey),
      ...keys.RUN_OUTCOMES.map(keys.runOutcomeKey),
      ...keys.SUGGESTION_KINDS.map(keys.suggestionKindKey),
      ...keys.PROPOSAL_REASONS.map(keys.proposalReasonKey),
      ...keys.SINGLE_FLAG_CODES.map(keys.flagKey),
      ...keys.FLAG_GROUP_CODES.map(keys.flagGroupKey),
      ...keys.SPLIT_BOUNDS.map(keys.splitBoundKey),
      ...keys.SHARED_REASONS.map(keys.sharedReasonKey),
      ...keys.DIFF_STATUSES.map(keys.diffStatusKey),
      ...keys.PHASE_DIFF_FIELDS.map(keys.diffFieldKey),
    ];
    expect(families.length).toBeGreaterThan(50);
    for (const key of families) for (const locale of LOCALES) expect(typeof lookup(messages[locale] as Messages, key), `${key} in ${locale}`).toBe('string');
  });

  it('names each flag parameter the messages use', () => {
    // A flag message may only use the flag's own fields (flagParams passes them through).
    const fields: Record<keys.SingleFlagCode, string[]> = {
      saturated: ['flowRatioSum'],
      oversaturated: ['criticalDegreeOfSaturation'],
      'cycle-at-limit': ['limit', 'optimumS'],
      'cycle-kept': ['currentS', 'websterS'],
      'cycle-held': ['currentS', 'requiredS'],
      'cycle-lengthened-for-minimums': ['fromS', 'toS', 'minimumCycleS'],
      'cycle-lengthened-for-delay': ['fromS', 'toS', 'delayFromS', 'delayToS'],
      'minimums-exceed-cycle-max': ['minimumCycleS', 'cycleMaxS'],
      'pedestrian-bound': ['phase', 'greenS'],
      'current-below-minimum': ['phase', 'splitS', 'minSplitS', 'source'],
      'change-interval-applied': ['phase', 'yellowS', 'allRedS'],
    };
    expect(Object.keys(fields).sort()).toEqual([...keys.SINGLE_FLAG_CODES].sort());
    for (const code of keys.SINGLE_FLAG_CODES) {
      for (const locale of LOCALES) {
        const message = lookup(messages[locale] as Messages, keys.flagKey(code)) as string;
        for (const [, name] of message.matchAll(/\{(\w+)\}/g)) expect(fields[code], `${locale} ${code} uses {${name}}`).toContain(name);
      }
    }
  });

  it('formats flag values for messages', () => {
    expect(keys.flagParams({ code: 'cycle-lengthened-for-delay', fromS: 90, toS: 100, delayFromS: 41.26, delayToS: 38.04 })).toEqual({ fromS: '90', toS: '100', delayFromS: '41.3', delayToS: '38' });
    expect(keys.flagParams({ code: 'x', phases: [2, 6] })).toEqual({ phases: '2, 6' });
  });
});
