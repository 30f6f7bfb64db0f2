import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, ManualClock, SystemClock } from './clock.js';

@Global()
@Module({})
export class ClockModule {
  static forRoot(opts: { manual: boolean; start?: Date | null }): DynamicModule {
    const clock = opts.manual ? new ManualClock(opts.start ?? new Date()) : new SystemClock();
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
