import { Body, Controller, Delete, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp, pageOf, WHOLE_LIST_PAGE_SIZE } from '@rectify/core';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import {
  CreatedWebhookView,
  CreateWebhookDto,
  DeadLetterQuery,
  DeliveryDetailView,
  DeliveryPage,
  DeliveryQuery,
  DeliveryView,
  WebhookListQuery,
  WebhookPage,
  WebhooksService,
  WebhookView,
} from '@rectify/webhooks';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOp({
    summary: 'Register an endpoint for the events of cases in a region',
    description:
      'Admins, for their region (default) or one below it. The URL’s host must be in WEBHOOK_ALLOWED_HOSTS; `format` is standard (Standard Webhooks, signed with the whsec_ secret, generated when omitted and shown only in this answer), dingtalk or wecom (robot messages). See docs/notifications.md.',
    ok: CreatedWebhookView,
    status: 201,
    errors: [400, 403, 413],
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    return this.webhooks.create(user, dto);
  }

  @Get()
  @ApiOp({
    summary: 'Endpoints of your region and below',
    description: 'Admins only: the registered endpoints (secrets never shown; robot tokens in the URL masked), paged (default: all on one page).',
    ok: WebhookPage,
    errors: [400, 403],
  })
  async list(@CurrentUser() user: AuthUser, @Query() query: WebhookListQuery): Promise<WebhookPage> {
    return pageOf(await this.webhooks.list(user), query, WHOLE_LIST_PAGE_SIZE);
  }

  @Get('dead-letters')
  @ApiOp({
    summary: 'Deliveries that failed every retry',
    description: 'Admins: the dead letters of the endpoints of your region and below, newest first, paged; replay one with POST /webhooks/deliveries/:deliveryId/replay.',
    ok: DeliveryPage,
    errors: [400, 403],
  })
  deadLetters(@CurrentUser() user: AuthUser, @Query() query: DeadLetterQuery): Promise<DeliveryPage> {
    return this.webhooks.deadLetters(user, query);
  }

  @Get('deliveries/:deliveryId')
  @ApiOp({
    summary: 'One delivery with every attempt',
    description: 'Admins: the delivery (event, status, next attempt) with each attempt’s status, latency, response code and error. 404 when it is not of an endpoint of your region.',
    ok: DeliveryDetailView,
    errors: [403, 404],
  })
  delivery(@CurrentUser() user: AuthUser, @Param('deliveryId') deliveryId: string): Promise<DeliveryDetailView> {
    return this.webhooks.delivery(user, deliveryId);
  }

  @Post('deliveries/:deliveryId/replay')
  @ApiOp({
    summary: 'Replay a dead delivery',
    description: 'Puts a dead delivery back in the outbox, due now, with a fresh series of retries. 409 CONFLICT when the delivery is not dead.',
    ok: DeliveryView,
    errors: [403, 404, 409, 413],
  })
  replay(@CurrentUser() user: AuthUser, @Param('deliveryId') deliveryId: string): Promise<DeliveryView> {
    return this.webhooks.replay(user, deliveryId);
  }

  @Get(':id')
  @ApiOp({
    summary: 'One endpoint',
    description: 'Admins: the endpoint (its secret never shown). 404 when it is not of your region or below.',
    ok: WebhookView,
    errors: [403, 404],
  })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<WebhookView> {
    return this.webhooks.get(user, id);
  }

  @Get(':id/deliveries')
  @ApiOp({
    summary: 'An endpoint’s deliveries',
    description: 'Admins: the deliveries of one endpoint, newest first, paged, narrowed by `status` (pending, delivered, dead).',
    ok: DeliveryPage,
    errors: [400, 403, 404],
  })
  deliveries(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: DeliveryQuery): Promise<DeliveryPage> {
    return this.webhooks.deliveries(user, id, query);
  }

  @Post(':id/pause')
  @ApiOp({
    summary: 'Pause an endpoint',
    description: 'Stops sending: new events are not queued for it and queued deliveries wait until it is resumed.',
    ok: WebhookView,
    errors: [403, 404, 413],
  })
  pause(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<WebhookView> {
    return this.webhooks.setPaused(user, id, true);
  }

  @Post(':id/resume')
  @ApiOp({
    summary: 'Resume an endpoint',
    description: 'Sends again, starting with the deliveries that waited while it was paused.',
    ok: WebhookView,
    errors: [403, 404, 413],
  })
  resume(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<WebhookView> {
    return this.webhooks.setPaused(user, id, false);
  }

  @Delete(':id')
  @ApiOp({
    summary: 'Delete an endpoint',
    description: 'Deletes the endpoint with its deliveries and their attempts; nothing more is sent to it.',
    status: 204,
    errors: [403, 404],
  })
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.webhooks.remove(user, id);
  }
}
