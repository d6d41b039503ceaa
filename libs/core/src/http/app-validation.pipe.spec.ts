import { ValidationProblemException } from './problem-details';
import { AppValidationPipe } from './app-validation.pipe';
import { NoQueryDto } from './no-query.dto';

describe('AppValidationPipe', () => {
  const pipe = new AppValidationPipe();
  const query = { type: 'query' as const, metatype: NoQueryDto, data: '' };

  it('passes an empty query of an endpoint that takes none', async () => {
    const empty = Object.create(null) as object;
    await expect(pipe.transform(empty, query)).resolves.toBe(empty);
  });

  it('refuses any parameter on an endpoint that takes none, naming it', async () => {
    const refusal = await pipe.transform({ x: '1' }, query).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationProblemException);
    expect((refusal as ValidationProblemException).errors).toEqual([
      { field: 'x', message: 'property x should not exist' },
    ]);
  });
});
