import { describe, expect, it } from 'vitest';
import { parseScope, scopesOfAlert, scopesOfArea, scopesOfIntersection } from '../../../services/realtime/scopes.js';
import { twoIntersectionIndex } from '../../helpers/networks.js';

const network = twoIntersectionIndex();

describe('live scopes', () => {
  it('parses the four scope kinds against the network', () => {
    expect(parseScope('city', network)).toEqual({ ok: true, scope: { kind: 'city', id: '', text: 'city' } });
    expect(parseScope('district:d1', network)).toMatchObject({ ok: true, scope: { kind: 'district', id: 'd1' } });
    expect(parseScope('corridor:c1', network)).toMatchObject({ ok: true, scope: { kind: 'corridor', id: 'c1' } });
    expect(parseScope('intersection:A', network)).toMatchObject({ ok: true, scope: { kind: 'intersection', id: 'A' } });
  });

  it('refuses unknown kinds, unknown ids and non-strings with a reason', () => {
    expect(parseScope('planet:earth', network)).toMatchObject({ ok: false, reason: expect.stringMatching(/unknown scope kind/) });
    expect(parseScope('intersection:ZZ', network)).toMatchObject({ ok: false, reason: 'no intersection "ZZ" in the network' });
    expect(parseScope({ scope: 'city' }, network)).toMatchObject({ ok: false });
    expect(parseScope('x'.repeat(500), network)).toMatchObject({ ok: false });
  });

  it('shows an intersection in the city, its district, its corridors and itself', () => {
    expect(scopesOfIntersection('B', network)).toEqual(['city', 'district:d1', 'corridor:c1', 'intersection:B']);
  });

  it('shows an area in the city view and its own view', () => {
    expect(scopesOfArea({ scope: 'city' })).toEqual(['city']);
    expect(scopesOfArea({ scope: 'corridor:c1' })).toEqual(['city', 'corridor:c1']);
  });

  it('places an incident without intersection by its position', () => {
    expect(scopesOfAlert({ intersectionId: null, position: [117.203, 39.12] }, network)).toEqual(['city', 'district:d1']);
    expect(scopesOfAlert({ intersectionId: null, position: [118, 40] }, network)).toEqual(['city']);
  });
});
