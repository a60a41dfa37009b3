/**
 * A DynamoDB table's items, and the change each write makes (J-2, K-2):
 * PutItem of a new key is an INSERT, of an existing one a MODIFY;
 * UpdateItem sets the given attributes (INSERT when the item is new);
 * DeleteItem of an existing item is a REMOVE, as is a TTL deletion, which
 * DynamoDB performs as a service. A write that changes nothing makes no
 * change record (model decision, after the DynamoDB Streams guide).
 */
import { keyOf, sameItem, type AttributeMap, type KeySchema } from './AttributeValue.ts';

/** Write operations. */
export type WriteOp = 'put' | 'update' | 'delete' | 'ttlDelete';

/** What one write changed. */
export interface ItemChange {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly keys: AttributeMap;
  readonly newImage?: AttributeMap;
  readonly oldImage?: AttributeMap;
  /** Deleted by Time to Live: the record carries `userIdentity` (K-2). */
  readonly ttl: boolean;
}

/** A table's items by canonical key. */
export class Table {
  private readonly items = new Map<string, AttributeMap>();

  constructor(readonly keySchema: KeySchema) {}

  /** Apply a write; the change it made, if any. `item` holds the key (and, for put/update, the attributes). */
  write(op: WriteOp, item: AttributeMap): ItemChange | undefined {
    const keys = keyOf(item, this.keySchema);
    const id = JSON.stringify(keys);
    const old = this.items.get(id);
    if (op === 'delete' || op === 'ttlDelete') {
      if (!old) return undefined;
      this.items.delete(id);
      return { eventName: 'REMOVE', keys, oldImage: old, ttl: op === 'ttlDelete' };
    }
    const next = op === 'put' ? { ...item } : { ...old, ...item };
    if (old && sameItem(old, next)) return undefined;
    this.items.set(id, next);
    return { eventName: old ? 'MODIFY' : 'INSERT', keys, newImage: next, ...(old ? { oldImage: old } : {}), ttl: false };
  }
}
