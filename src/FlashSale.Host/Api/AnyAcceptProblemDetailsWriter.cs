namespace FlashSale.Host.Api;

/// <summary>
/// The API speaks only JSON, so its problems are JSON whatever the request's Accept header says. The framework's
/// writer declines a client that accepts only, say, <c>text/html</c>, and that client would get an empty 400 or a
/// plain-text "Status Code: 415" instead of a problem it can read (RFC 9110 lets a server disregard Accept rather
/// than answer 406). This lends the framework's writer its format and always lets it write.
/// </summary>
internal sealed class AnyAcceptProblemDetailsWriter(IProblemDetailsWriter json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context) => json.WriteAsync(context);

    /// <summary>Wraps the one writer <c>AddProblemDetails</c> registered.</summary>
    public static IServiceCollection Decorate(IServiceCollection services)
    {
        var framework = services.Single(d => d.ServiceType == typeof(IProblemDetailsWriter));
        services.Remove(framework);
        return services.AddSingleton<IProblemDetailsWriter>(sp =>
            new AnyAcceptProblemDetailsWriter((IProblemDetailsWriter)ActivatorUtilities.CreateInstance(sp, framework.ImplementationType!)));
    }
}
