/**
 * The dashboard may import only types from the contracts (it must not pull server code into
 * the browser), so it keeps its own lists of enumerated values; these must equal the contracts'.
 */
import { describe, expect, it } from 'vitest';
import { INCIDENT_TYPES } from '../../dashboard/src/api/alerts-api.js';
import { ALERT_KINDS, ALERT_STATUSES, DETECTOR_FAULTS, ROLES } from '../../dashboard/src/i18n/keys.js';
import { LEVELS } from '../../dashboard/src/levels.js';
import { USER_ROLES } from '../../services/contracts/identity.js';
import { CONGESTION_LEVELS } from '../../services/contracts/live.js';
import * as measures from '../../services/contracts/measures.js';

describe('dashboard enumerations match the contracts', () => {
  it('levels, roles, alert kinds and statuses', () => {
    expect(LEVELS).toEqual(CONGESTION_LEVELS);
    expect(ROLES).toEqual(USER_ROLES);
    expect([...ALERT_KINDS].sort()).toEqual([...measures.ALERT_KINDS].sort());
    expect([...ALERT_STATUSES].sort()).toEqual([...measures.ALERT_STATUSES].sort());
  });

  it('incident types and detector faults', () => {
    expect([...INCIDENT_TYPES].sort()).toEqual([...measures.INCIDENT_TYPES].sort());
    expect([...DETECTOR_FAULTS].sort()).toEqual([...measures.DETECTOR_FAULTS].sort());
  });
});
