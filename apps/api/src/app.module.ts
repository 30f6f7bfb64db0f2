import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CalendarModule } from '@rectify/calendar';
import { CasesModule } from '@rectify/cases';
import { type AppConfig, ConfigModule } from '@rectify/config';
import { ClockModule } from '@rectify/core';
import { DatabaseModule } from '@rectify/database';
import { AuthGuard, IdentityModule } from '@rectify/identity';
import { PoliciesModule } from '@rectify/policies';
import { SeedsModule } from '@rectify/seeds';
import { AssignmentModule } from '@rectify/assignment';
import { DeadlinesModule } from '@rectify/deadlines';
import { RevisitsModule } from '@rectify/revisits';
import { AttachmentsModule } from '@rectify/attachments';
import { CommentsModule } from '@rectify/comments';
import { NotificationsModule } from '@rectify/notifications';
import { WebhooksModule } from '@rectify/webhooks';
import { LedgerModule } from '@rectify/ledger';
import { ReportsModule } from '@rectify/reports';
import { AssignmentController } from './controllers/assignment.controller.js';
import { AttachmentsController } from './controllers/attachments.controller.js';
import { CommentsController } from './controllers/comments.controller.js';
import { CaseSuspensionController } from './controllers/case-suspension.controller.js';
import { CalendarController } from './controllers/calendar.controller.js';
import { EscalationsController } from './controllers/escalations.controller.js';
import { PoliciesController } from './controllers/policies.controller.js';
import { RevisitsController } from './controllers/revisits.controller.js';
import { ScorecardsController } from './controllers/scorecards.controller.js';
import { SweepController } from './controllers/sweep.controller.js';
import { AdminClockController } from './controllers/admin.controller.js';
import { HistoryAnchorController } from './controllers/history-anchor.controller.js';
import { AuthController } from './controllers/auth.controller.js';
import { CasesController } from './controllers/cases.controller.js';
import { DirectoryController } from './controllers/directory.controller.js';
import { HealthController } from './controllers/health.controller.js';
import { WorkflowsController } from './controllers/workflows.controller.js';
import { LabelsController } from './controllers/labels.controller.js';
import { NotificationsController } from './controllers/notifications.controller.js';
import { WebhooksController } from './controllers/webhooks.controller.js';
import { ImportsController } from './controllers/imports.controller.js';
import { CaseExportController } from './controllers/case-export.controller.js';
import { ReportsController } from './controllers/reports.controller.js';

/** Composes the libraries; holds no logic of its own. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot({ manual: config.clockMode === 'manual', start: config.clockStart }),
        DatabaseModule.forRoot(),
        PoliciesModule,
        CalendarModule,
        IdentityModule,
        CasesModule,
        DeadlinesModule,
        RevisitsModule,
        AssignmentModule,
        AttachmentsModule,
        NotificationsModule,
        CommentsModule,
        WebhooksModule,
        LedgerModule,
        ReportsModule,
        SeedsModule,
      ],
      controllers: [
        AuthController,
        HealthController,
        DirectoryController,
        CasesController,
        WorkflowsController,
        LabelsController,
        AdminClockController,
        HistoryAnchorController,
        // deadlines issue
        CalendarController,
        PoliciesController,
        EscalationsController,
        SweepController,
        // revisits issue
        RevisitsController,
        // assignment issue
        AssignmentController,
        ScorecardsController,
        // evidence files (issue 13)
        AttachmentsController,
        // notifications and webhooks issue
        NotificationsController,
        // comments (issue 17)
        CommentsController, CaseSuspensionController,
        WebhooksController,
        // ledger issue
        ImportsController,
        CaseExportController,
        ReportsController,
      ],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
