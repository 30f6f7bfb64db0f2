import { Module } from '@nestjs/common';
import { CasesModule } from '@rectify/cases';
import { IdentityModule } from '@rectify/identity';
import { NotificationsModule } from '@rectify/notifications';
import { CommentRepository } from './comment.repository.js';
import { CommentsService } from './comments.service.js';

/** Comments on cases (docs/comments.md). */
@Module({
  imports: [CasesModule, IdentityModule, NotificationsModule],
  providers: [CommentRepository, CommentsService],
  exports: [CommentsService],
})
export class CommentsModule {}
