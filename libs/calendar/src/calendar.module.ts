import { Module } from '@nestjs/common';
import { CalendarOverridesRepository } from './calendar-overrides.repository.js';
import { CalendarService } from './calendar.service.js';

@Module({ providers: [CalendarService, CalendarOverridesRepository], exports: [CalendarService] })
export class CalendarModule {}
