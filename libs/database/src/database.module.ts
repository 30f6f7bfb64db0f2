import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { Database } from './database.js';
import { openDatabase } from './data-source.factory.js';

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: Database,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            openDatabase({ url: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous }),
        },
      ],
      exports: [Database],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
