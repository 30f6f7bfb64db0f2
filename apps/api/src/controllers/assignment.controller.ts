import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('assignment')
@ApiBearerAuth()
@Controller()
export class AssignmentController {}
