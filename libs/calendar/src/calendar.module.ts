import { Module } from '@nestjs/common';
import { IdentityModule } from '@rectify/identity';
import { CalendarArrangementsRepository } from './calendar-arrangements.repository.js';
import { CalendarOverridesRepository } from './calendar-overrides.repository.js';
import { CalendarService } from './calendar.service.js';

@Module({ imports: [IdentityModule], providers: [CalendarService, CalendarOverridesRepository, CalendarArrangementsRepository], exports: [CalendarService] })
export class CalendarModule {}
