import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('revisits')
@ApiBearerAuth()
@Controller()
export class RevisitsController {}
