import { Injectable } from '@nestjs/common';

type Listener = (recipientKeys: readonly string[]) => void;

/**
 * Told which recipient keys got a notification or a read mark on this instance: new notifications by
 * the repository from inside the writing transaction (no after-commit hook exists: the hub looks a
 * little later, twice), read marks by the service after their commit; the stream hub listens. Nothing
 * here touches the database.
 */
@Injectable()
export class NotificationChanges {
  private readonly listeners = new Set<Listener>();

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(recipientKeys: readonly string[]): void {
    if (recipientKeys.length === 0) return;
    for (const listener of this.listeners) listener(recipientKeys);
  }
}
