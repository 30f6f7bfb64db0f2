import { resolve } from 'node:path';
import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { CaseHooks, CasesModule } from '@rectify/cases';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { IdentityModule } from '@rectify/identity';
import { AttachmentRepository } from './attachment.repository.js';
import { AttachmentService } from './attachment.service.js';
import { BLOB_STORE, type BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';

/** Evidence files (整改佐证材料): docs/attachments.md. */
@Module({
  imports: [CasesModule, IdentityModule],
  providers: [
    AttachmentRepository,
    AttachmentService,
    { provide: BLOB_STORE, useFactory: (config: AppConfig) => new LocalBlobStore(resolve(config.attachments.dir)), inject: [APP_CONFIG] },
  ],
  exports: [AttachmentService, BLOB_STORE],
})
export class AttachmentsModule implements OnModuleInit {
  constructor(
    @Inject(CaseHooks) private readonly hooks: CaseHooks,
    @Inject(AttachmentService) private readonly attachments: AttachmentService,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
  ) {}

  async onModuleInit(): Promise<void> {
    this.hooks.setEvidenceFiles(this.attachments);
    if (this.store instanceof LocalBlobStore) {
      const removed = await this.store.removeStaleStaging();
      if (removed > 0) new Logger('Attachments').warn(`Removed ${removed} staging file(s) left by an interrupted run`);
    }
  }
}
