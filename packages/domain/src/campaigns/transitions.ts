import { invalidInput, refuse, type Refusal } from './errors.js';

/**
 * State machines as data (STYLE.md): a table from each state to the events it accepts and the state each
 * leads to. Every state must be listed, terminal ones with `{}`, so adding a state to the union without
 * deciding its exits is a type error. Either form works with nextState:
 *
 *   const t = { applied: { approve: 'approved' }, approved: {} } as const satisfies Transitions<S, E>;
 *   const t = defineTransitions<S, E>({ applied: { approve: 'approved' }, approved: {} });
 *
 * defineTransitions also checks the table at runtime and freezes it.
 *
 * Guards (budget funded, holds released…) are not in the table: the table says which moves exist, the
 * lifecycle modules decide whether one may happen now. Persisting a move is
 * `UPDATE … SET state = $to WHERE id = $id AND state = $from`; zero rows is a stale transition (409).
 */
export type Transitions<S extends string, E extends string> = {
  readonly [K in S]: { readonly [V in E]?: S };
};

/** INVALID_TRANSITION: the event has no exit from the current state (also what a stale request sees). */
export type TransitionRefusalCode = 'INVALID_TRANSITION';

export type TransitionOutcome<S extends string> =
  { readonly ok: true; readonly state: S } | Refusal<TransitionRefusalCode>;

/** Checks that every target is a listed state, then freezes the table and its rows. */
export function defineTransitions<S extends string, E extends string>(table: Transitions<S, E>): Transitions<S, E> {
  const states = new Set<string>(Object.keys(table));
  for (const [state, row] of Object.entries<Partial<Record<E, S>>>(table)) {
    for (const [event, target] of Object.entries(row)) {
      if (typeof target !== 'string' || !states.has(target)) {
        throw invalidInput(`Transition ${state} --${event}--> ${String(target)} leads to an unknown state`);
      }
    }
    Object.freeze(row);
  }
  return Object.freeze(table);
}

/** The states of a table: its keys. */
export type StateOf<T> = Extract<keyof T, string>;

/** Every event at least one state of the table accepts. */
export type EventOf<T> = { [K in keyof T]: Extract<keyof T[K], string> }[keyof T];

type AnyTable = Transitions<string, string>;
type Row = { readonly [event: string]: string | undefined };

/**
 * The state `event` leads to from `state`, or an INVALID_TRANSITION refusal. An unknown event is refused
 * (it simply has no exit); an unknown state throws INVALID_INPUT, since a state read back from the database
 * that the table does not know is a bug. Inherited keys ("constructor", "__proto__") are never exits.
 *
 * Generic over the table itself, so a `satisfies` literal and a defineTransitions table both fix the state
 * and event types; the arguments never narrow them.
 */
export function nextState<T extends AnyTable>(
  table: T,
  state: StateOf<T>,
  event: EventOf<T>,
): TransitionOutcome<StateOf<T>> {
  const row = rowOf(table, state);
  const target = Object.hasOwn(row, event) ? row[event] : undefined;
  if (target === undefined) {
    return refuse(
      'INVALID_TRANSITION',
      `Event ${JSON.stringify(event)} is not allowed in state ${JSON.stringify(state)}`,
    );
  }
  return { ok: true, state: target as StateOf<T> };
}

/** The events `state` accepts, in table order: what a UI may offer. */
export function allowedEvents<T extends AnyTable>(table: T, state: StateOf<T>): EventOf<T>[] {
  return Object.keys(rowOf(table, state)) as EventOf<T>[];
}

/** A state with no exits. */
export function isTerminal<T extends AnyTable>(table: T, state: StateOf<T>): boolean {
  return allowedEvents(table, state).length === 0;
}

/** Every state some sequence of events reaches from `from`, `from` included, in breadth-first order. */
export function reachableStates<T extends AnyTable>(table: T, from: StateOf<T>): StateOf<T>[] {
  const seen: StateOf<T>[] = [from];
  rowOf(table, from);
  for (let i = 0; i < seen.length; i += 1) {
    for (const target of Object.values(rowOf(table, seen[i] as string))) {
      if (target !== undefined && !seen.includes(target as StateOf<T>)) seen.push(target as StateOf<T>);
    }
  }
  return seen;
}

function rowOf(table: AnyTable, state: string): Row {
  if (typeof state !== 'string' || !Object.hasOwn(table, state)) {
    throw invalidInput(`Unknown state ${JSON.stringify(state)}: not in the transition table`);
  }
  return table[state] as Row;
}
