/** The query of an endpoint that takes no parameters: with the global ValidationPipe, any parameter is refused. */
export class NoQueryDto {}
