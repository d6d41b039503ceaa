import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModuleEntity } from './entities/platform-module.entity';
import { ModulesController } from './modules.controller';
import { ModulesRepository } from './modules.repository';
import { ModulesService } from './modules.service';

@Module({
  imports: [TypeOrmModule.forFeature([PlatformModuleEntity])],
  controllers: [ModulesController],
  providers: [ModulesRepository, ModulesService],
  exports: [ModulesService],
})
export class ModulesModule {}
