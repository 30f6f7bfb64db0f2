import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller()
export class CalendarController {}
