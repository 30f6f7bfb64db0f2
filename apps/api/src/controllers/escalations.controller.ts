import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller()
export class EscalationsController {}
