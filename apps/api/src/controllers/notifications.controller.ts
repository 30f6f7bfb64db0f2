import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiBadRequestResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import { NotificationPage, NotificationQuery, NotificationsService, NotificationView, ReadAllResult } from '@rectify/notifications';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no or an invalid token' })
@Controller('notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's notifications, newest first, with the unread count (the bell)" })
  @ApiOkResponse({ type: NotificationPage })
  @ApiBadRequestResponse({ description: 'a bad unread, page or pageSize' })
  list(@CurrentUser() user: AuthUser, @Query() query: NotificationQuery) {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: "Marks every unread notification of the caller as read" })
  @ApiOkResponse({ type: ReadAllResult })
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks one notification as read (again: no change)' })
  @ApiOkResponse({ type: NotificationView })
  @ApiNotFoundResponse({ description: 'no such notification for the caller' })
  read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.notifications.markRead(user, id);
  }
}
