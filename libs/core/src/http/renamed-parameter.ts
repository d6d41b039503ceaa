import { ApiHideProperty } from '@nestjs/swagger';
import { registerDecorator, ValidationArguments } from 'class-validator';
import { applyDecorators } from '@nestjs/common';

export const RENAMED_PARAMETER_CONSTRAINT = 'renamedParameter';

/**
 * A parameter of the service this one replaced, kept off the spec: sending it is refused with a 400 whose
 * detail names the parameter to use instead (`metric` → `type`), not the bare "should not exist".
 */
export function RenamedParameter(replacement: string, example: string): PropertyDecorator {
  const validator: PropertyDecorator = (target, propertyName) => {
    registerDecorator({
      name: RENAMED_PARAMETER_CONSTRAINT,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => value === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} is not a parameter here: use ${replacement} instead, e.g. ${example}`,
      },
    });
  };
  return applyDecorators(ApiHideProperty(), validator);
}
