// The items of an `each` rule: what its list holds, each with its key and JSON pointer.
import type { CompiledRule } from '../pack/types.ts';
import type { Snapshot } from '../snapshot/load.ts';
import { escapePointer } from '../logic/context.ts';

export interface Item {
  key: string;
  item: unknown;
  pointer: string | undefined;
}

export function itemsOf(value: object, snapshot: Snapshot, rule: CompiledRule): Item[] {
  const base = snapshot.pointers.get(value);
  const items: Item[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) items.push({ key: keyAt(rule, value[i], String(i), true), item: value[i], pointer: pointerOf(snapshot, base, value[i], i) });
  } else {
    for (const k of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[k];
      items.push({ key: keyAt(rule, item, k, false), item, pointer: pointerOf(snapshot, base, item, k) });
    }
  }
  return items;
}

/** An item's pointer: a mapping or list has its own in the index; only a plain value's is built here. */
export function pointerOf(snapshot: Snapshot, base: string | undefined, item: unknown, k: string | number): string | undefined {
  return item !== null && typeof item === 'object' ? snapshot.pointers.get(item) : base !== undefined ? `${base}/${escapePointer(String(k))}` : undefined;
}

/** The key of the item at index or key `at` of a list (`inList`) or mapping: a mapping's own key unless `eachKey` says otherwise. */
export function keyAt(rule: CompiledRule, item: unknown, at: string, inList: boolean): string {
  return inList || rule.eachKey ? keyOf(rule, item, at) : at;
}

/** An item's key: its `eachKey` field, else the item itself when it is text or a number, else its index or key. */
function keyOf(rule: CompiledRule, item: unknown, fallback: string): string {
  if (rule.eachKey && item !== null && typeof item === 'object') {
    const k = (item as Record<string, unknown>)[rule.eachKey];
    if (typeof k === 'string' || typeof k === 'number') return String(k);
  }
  return typeof item === 'string' || typeof item === 'number' ? String(item) : fallback;
}

/** True when the items are in key order (they usually are listed that way). */
export function inKeyOrder(items: Item[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i - 1].key > items[i].key) return false;
  return true;
}

/** True when a list or mapping holds nothing to check. */
export function isEmpty(list: object): boolean {
  if (Array.isArray(list)) return list.length === 0;
  for (const _ in list) if (Object.prototype.hasOwnProperty.call(list, _)) return false;
  return true;
}
