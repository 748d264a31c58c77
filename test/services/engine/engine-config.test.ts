import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../services/config/index.js';
import { approachCongestionIndex } from '../../../services/engine/measures/congestion-index.js';
import { networkIndex } from '../../../services/engine/measures/network-index.js';

describe('engine configuration (breakpoint tables)', () => {
  it('defaults to the DESIGN §6 tables', () => {
    const { engine } = loadConfig({});
    expect(engine.delayBreakpoints).toEqual([
      [0, 0],
      [20, 2],
      [35, 4],
      [55, 6],
      [80, 8],
      [150, 10],
    ]);
    expect(engine.networkIndexBreakpoints).toEqual([
      [0, 0],
      [4, 2],
      [8, 4],
      [11, 6],
      [14, 8],
    ]);
    expect(engine.networkIndexModerateWeight).toBe(0);
  });

  it('takes other tables, which the measures then use', () => {
    const { engine } = loadConfig({ ZHIDU_CONGESTION_BREAKPOINTS: '0:0,30:5,60:10', ZHIDU_NETWORK_INDEX_BREAKPOINTS: '0:0,10:5', ZHIDU_NETWORK_INDEX_MODERATE_WEIGHT: '0.5' });
    // 45 s halfway between (30, 5) and (60, 10) → 7.5
    expect(approachCongestionIndex(45, { breakpoints: engine.delayBreakpoints })).toBe(7.5);
    // 5 % moderate at weight 0.5 → 2.5 % → 1.25
    const result = networkIndex(
      [
        { lengthM: 100, flowVph: 5, state: 'moderate' },
        { lengthM: 100, flowVph: 95, state: 'smooth' },
      ],
      { breakpoints: engine.networkIndexBreakpoints, moderateWeight: engine.networkIndexModerateWeight },
    );
    expect(result.index).toBeCloseTo(1.25, 10);
  });

  it('refuses a table that is malformed or does not increase, naming the variable', () => {
    expect(() => loadConfig({ ZHIDU_CONGESTION_BREAKPOINTS: '0:0,20:2,10:4' })).toThrow(ConfigError);
    try {
      loadConfig({ ZHIDU_CONGESTION_BREAKPOINTS: '0:0,20:2,10:4', ZHIDU_NETWORK_INDEX_BREAKPOINTS: 'four:2' });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['ZHIDU_NETWORK_INDEX_BREAKPOINTS']);
    }
  });
});
