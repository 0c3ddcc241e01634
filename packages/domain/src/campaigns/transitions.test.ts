import { describe, expect, test } from 'vitest';
import { CampaignError } from './errors.js';
import {
  allowedEvents,
  defineTransitions,
  isTerminal,
  nextState,
  reachableStates,
  type Transitions,
} from './transitions.js';

type Light = 'red' | 'green' | 'yellow' | 'off';
type LightEvent = 'go' | 'slow' | 'stop' | 'cut';

// The STYLE.md form: a literal checked with `satisfies`, no helper needed.
const lights = {
  red: { go: 'green', cut: 'off' },
  green: { slow: 'yellow', cut: 'off' },
  yellow: { stop: 'red', cut: 'off' },
  off: {},
} as const satisfies Transitions<Light, LightEvent>;

describe('nextState', () => {
  test.each<[Light, LightEvent, Light | null]>([
    ['red', 'go', 'green'],
    ['red', 'slow', null],
    ['red', 'stop', null],
    ['red', 'cut', 'off'],
    ['green', 'go', null],
    ['green', 'slow', 'yellow'],
    ['yellow', 'stop', 'red'],
    ['yellow', 'go', null],
    ['off', 'go', null],
    ['off', 'cut', null],
  ])('%s --%s--> %s', (state, event, expected) => {
    const outcome = nextState(lights, state, event);
    if (expected === null) {
      expect(outcome).toEqual({
        ok: false,
        code: 'INVALID_TRANSITION',
        message: `Event "${event}" is not allowed in state "${state}"`,
      });
    } else {
      expect(outcome).toEqual({ ok: true, state: expected });
    }
  });

  test('inherited object keys are never exits', () => {
    for (const event of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(nextState(lights, 'red', event as LightEvent)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    }
  });

  test('an unknown state is a bug in the caller: it throws', () => {
    expect(() => nextState(lights, 'blue' as Light, 'go')).toThrow(CampaignError);
    expect(() => nextState(lights, 'constructor' as Light, 'go')).toThrow(/Unknown state "constructor"/);
  });
});

describe('defineTransitions', () => {
  test('returns the table frozen, rows included', () => {
    const table = defineTransitions<Light, LightEvent>({ red: { go: 'green' }, green: {}, yellow: {}, off: {} });
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.red)).toBe(true);
    expect(nextState(table, 'red', 'go')).toEqual({ ok: true, state: 'green' });
  });

  test('refuses a target that is not a listed state', () => {
    const bad = { red: { go: 'purple' }, green: {}, yellow: {}, off: {} } as unknown as Transitions<Light, LightEvent>;
    expect(() => defineTransitions(bad)).toThrow(/red --go--> purple leads to an unknown state/);
  });
});

describe('queries', () => {
  test('allowedEvents lists exits in table order', () => {
    expect(allowedEvents(lights, 'red')).toEqual(['go', 'cut']);
    expect(allowedEvents(lights, 'off')).toEqual([]);
  });

  test('isTerminal is true only for a state with no exits', () => {
    expect([...(['red', 'green', 'yellow', 'off'] as const)].map((s) => isTerminal(lights, s))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  test('reachableStates walks breadth-first and includes the start', () => {
    expect(reachableStates(lights, 'red')).toEqual(['red', 'green', 'off', 'yellow']);
    expect(reachableStates(lights, 'off')).toEqual(['off']);
    const oneWay = defineTransitions<'a' | 'b' | 'c', 'x'>({ a: { x: 'b' }, b: {}, c: { x: 'a' } });
    expect(reachableStates(oneWay, 'a')).toEqual(['a', 'b']);
  });
});
