import { Module } from '@nestjs/common';
import { IdentityModule } from '@rectify/identity';
import { CalendarOverridesRepository } from './calendar-overrides.repository.js';
import { CalendarService } from './calendar.service.js';

@Module({ imports: [IdentityModule], providers: [CalendarService, CalendarOverridesRepository], exports: [CalendarService] })
export class CalendarModule {}
