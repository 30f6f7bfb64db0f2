import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiOp } from '@rectify/core';
import { AuthGuard, CurrentUser, type AuthUser } from '@rectify/identity';
import { NotificationPage, NotificationQuery, NotificationsService, NotificationStreamHub, NotificationView, ReadAllResult } from '@rectify/notifications';

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // nginx and similar proxies: pass each event on at once
  'x-accel-buffering': 'no',
};

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(NotificationStreamHub) private readonly hub: NotificationStreamHub,
    @Inject(AuthGuard) private readonly auth: AuthGuard,
  ) {}

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

  @Get('stream')
  @ApiOp({
    summary: 'Live bell updates (server-sent events)',
    description:
      'A text/event-stream with the same bearer token as every call (read it with fetch; EventSource cannot send the header). ' +
      'At once and after every change of the caller\'s notifications: `event: notifications` with `data: {"unreadCount", "latest"}` (latest: a NotificationView or null). ' +
      'A `: heartbeat` comment keeps the connection open; `event: end` with `data: {"reason"}` (unauthorized after a logout or an expired token, lifetime, shutdown) precedes the server closing it. ' +
      'Notifications another instance wrote arrive within NOTIFICATION_STREAM_POLL_SECONDS; 429 past NOTIFICATION_STREAM_MAX_PER_USER open streams.',
    content: { 'text/event-stream': { schema: { type: 'string', example: 'event: notifications\ndata: {"unreadCount":2,"latest":null}\n\n' } } },
    errors: [429],
  })
  async stream(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // The guard checked the token; the stream checks it again, the guard's way, at every poll (it may outlive the session).
    const authorization = request.headers.authorization;
    let started = false;
    let ended = false;
    const close = await this.hub.open({
      user,
      write: (chunk) => {
        if (ended) return;
        if (!started) {
          started = true;
          reply.hijack();
          reply.raw.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), ...STREAM_HEADERS });
        }
        reply.raw.write(chunk);
      },
      end: () => {
        if (ended) return;
        ended = true;
        reply.raw.end();
      },
      stillAuthorized: () => this.auth.authenticate(authorization).checked,
    });
    if (reply.raw.destroyed) close();
    else reply.raw.on('close', close);
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
