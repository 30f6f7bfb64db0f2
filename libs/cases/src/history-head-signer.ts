import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { keyFingerprint, sameHex, signHead, type ChainHead } from './history-anchor.util.js';

export type HeadSignature = 'valid' | 'invalid' | 'missing';

/** Signs and checks chain heads with HISTORY_ANCHOR_KEY (the key never reaches the database). */
@Injectable()
export class HistoryHeadSigner {
  readonly keyId: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keyId = keyFingerprint(config.historyAnchor.key);
  }

  get key(): string {
    return this.config.historyAnchor.key;
  }

  sign(head: ChainHead): string {
    return signHead(this.config.historyAnchor.key, head);
  }

  check(head: ChainHead, mac: string | null): HeadSignature {
    if (mac === null || mac === '') return 'missing';
    return sameHex(mac, this.sign(head)) ? 'valid' : 'invalid';
  }
}
