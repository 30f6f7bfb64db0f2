import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('scorecards')
@ApiBearerAuth()
@Controller()
export class ScorecardsController {}
