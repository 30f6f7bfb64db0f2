import { Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import { NotificationPage, NotificationQuery, NotificationsService, NotificationView, ReadAllResult } from '@rectify/notifications';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOp({
    summary: 'Your notifications (the bell)',
    description: "The caller's notifications, newest first, with the unread count; 400 on a bad unread, page or pageSize.",
    ok: NotificationPage,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: NotificationQuery) {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  @ApiOp({ summary: 'Mark all notifications read', description: 'Marks every unread notification of the caller as read.', ok: ReadAllResult, errors: [413] })
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @ApiOp({
    summary: 'Mark one notification read',
    description: 'Marks one notification as read (again: no change); 404 when the caller has no such notification.',
    ok: NotificationView,
    errors: [404, 413],
  })
  read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.notifications.markRead(user, id);
  }
}
