import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IntRange } from '@rectify/core';
import { NOTIFICATION_KINDS, NotificationKind } from '../notification-kind.js';
import type { NotificationRecord } from '../notification.repository.js';

export class NotificationQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only unread ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';

  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true })
  pageSize?: number;
}

export class NotificationView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty() caseId: string;
  @ApiProperty({ example: '360100-2025-00001' }) caseCode: string;
  @ApiProperty({ example: '问题 360100-2025-00001 已交办本单位牵头整改' }) message: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() read: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) readAt: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) items: NotificationView[];
  @ApiProperty({ description: 'items matching the filter' }) total: number;
  @ApiProperty({ description: 'all unread notifications of the caller, whatever the filter (the bell count)' }) unreadCount: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ReadAllResult {
  @ApiProperty({ description: 'how many were unread and are now read' }) marked: number;
  @ApiProperty() unreadCount: number;
}

export const toNotificationView = (n: NotificationRecord): NotificationView => ({
  id: n.id,
  kind: n.kind,
  caseId: n.caseId,
  caseCode: n.caseCode,
  message: n.message,
  createdAt: n.createdAt,
  read: n.readAt !== null,
  readAt: n.readAt,
});
