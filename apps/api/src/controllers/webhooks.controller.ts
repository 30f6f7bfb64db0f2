import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import {
  CreatedWebhookView,
  CreateWebhookDto,
  DeadLetterQuery,
  DeliveryDetailView,
  DeliveryPage,
  DeliveryQuery,
  DeliveryView,
  WebhooksService,
  WebhookView,
} from '@rectify/webhooks';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no or an invalid token' })
@ApiForbiddenResponse({ description: 'not an admin, or a region outside the admin’s' })
@Controller('webhooks')
export class WebhooksController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Registers an endpoint for the events of cases in a region (default: the admin’s)' })
  @ApiCreatedResponse({ type: CreatedWebhookView })
  @ApiBadRequestResponse({ description: 'bad body, a host not in WEBHOOK_ALLOWED_HOSTS, a bad secret' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(user, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Endpoints of the admin’s region and below' })
  @ApiOkResponse({ type: [WebhookView] })
  list(@CurrentUser() user: AuthUser) {
    return this.webhooks.list(user);
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'Deliveries that failed every retry, newest first' })
  @ApiOkResponse({ type: DeliveryPage })
  deadLetters(@CurrentUser() user: AuthUser, @Query() query: DeadLetterQuery) {
    return this.webhooks.deadLetters(user, query);
  }

  @Get('deliveries/:deliveryId')
  @ApiOperation({ summary: 'One delivery with every attempt (status, latency, response code)' })
  @ApiOkResponse({ type: DeliveryDetailView })
  @ApiNotFoundResponse({ description: 'no such delivery in the admin’s region' })
  delivery(@CurrentUser() user: AuthUser, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.delivery(user, deliveryId);
  }

  @Post('deliveries/:deliveryId/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Puts a dead delivery back in the outbox, due now, with a fresh series of retries' })
  @ApiOkResponse({ type: DeliveryView })
  @ApiNotFoundResponse({ description: 'no such delivery in the admin’s region' })
  @ApiConflictResponse({ description: 'the delivery is not dead' })
  replay(@CurrentUser() user: AuthUser, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.replay(user, deliveryId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One endpoint' })
  @ApiOkResponse({ type: WebhookView })
  @ApiNotFoundResponse({ description: 'no such endpoint in the admin’s region' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.webhooks.get(user, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The endpoint’s deliveries, newest first' })
  @ApiOkResponse({ type: DeliveryPage })
  @ApiNotFoundResponse({ description: 'no such endpoint in the admin’s region' })
  deliveries(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: DeliveryQuery) {
    return this.webhooks.deliveries(user, id, query);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stops sending; new events are not queued for it, queued ones wait' })
  @ApiOkResponse({ type: WebhookView })
  @ApiNotFoundResponse({ description: 'no such endpoint in the admin’s region' })
  pause(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.webhooks.setPaused(user, id, true);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sends again, starting with what waited' })
  @ApiOkResponse({ type: WebhookView })
  @ApiNotFoundResponse({ description: 'no such endpoint in the admin’s region' })
  resume(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.webhooks.setPaused(user, id, false);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes the endpoint with its deliveries and their attempts' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFoundResponse({ description: 'no such endpoint in the admin’s region' })
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.webhooks.remove(user, id);
  }
}
