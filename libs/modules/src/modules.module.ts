import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModuleEntity } from './entities/platform-module.entity';
import { ModulesController } from './modules.controller';
import { ModulesRepository } from './modules.repository';
import { modulesConfig } from './modules.config';
import { ModulesService } from './modules.service';

@Module({
  imports: [ConfigModule.forFeature(modulesConfig), TypeOrmModule.forFeature([PlatformModuleEntity])],
  controllers: [ModulesController],
  providers: [ModulesRepository, ModulesService],
  exports: [ModulesService],
})
export class ModulesModule {}
