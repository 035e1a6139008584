namespace VpsOrg.Snapshots.Tests.Errors;

/// <summary>
/// Every public exception of the SDK has the three standard constructors (CA1032) and the one that describes an API
/// response, and keeps what it is given: a caller can create and rethrow them (in tests, in an adapter) as any .NET
/// exception.
/// </summary>
public class ExceptionConventionsTests
{
    public static TheoryData<Type> ExceptionTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(ISnapshotsClient).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExceptionTypes))]
    public void StandardConstructors_KeepTheMessageAndTheCause(Type type)
    {
        var inner = new InvalidOperationException("cause");

        var plain = (Exception)Activator.CreateInstance(type)!;
        var withMessage = (Exception)Activator.CreateInstance(type, "what went wrong")!;
        var withCause = (Exception)Activator.CreateInstance(type, "what went wrong", inner)!;

        Assert.False(string.IsNullOrWhiteSpace(plain.Message));
        Assert.Equal("what went wrong", withMessage.Message);
        Assert.Same(inner, withCause.InnerException);
        if (plain is VpsApiException api)
        {
            Assert.NotNull(api.Errors);
            Assert.Empty(api.Errors);
        }
    }

    [Theory]
    [MemberData(nameof(ExceptionTypes))]
    public void ResponseConstructor_KeepsStatusDetailErrorsRequestIdAndBody(Type type)
    {
        var constructor = type.GetConstructors().SingleOrDefault(c => c.GetParameters().Length >= 7 && c.GetParameters()[1].ParameterType == typeof(int));
        if (!typeof(VpsApiException).IsAssignableFrom(type))
        {
            Assert.Null(constructor);
            return;
        }

        var errors = new Dictionary<string, IReadOnlyList<string>> { ["name"] = ["This field is required."] };
        var inner = new InvalidOperationException("cause");
        object?[] arguments = constructor!.GetParameters().Length == 8
            ? ["message", 400, "detail", errors, "req-1", "{\"detail\": \"detail\"}", TimeSpan.FromSeconds(3), inner]
            : ["message", 400, "detail", errors, "req-1", "{\"detail\": \"detail\"}", inner];

        var ex = (VpsApiException)constructor.Invoke(arguments);

        Assert.Equal(("message", 400, "detail", "req-1", "{\"detail\": \"detail\"}"), (ex.Message, ex.StatusCode, ex.Detail, ex.RequestId, ex.ResponseBody));
        Assert.Equal(["This field is required."], ex.Errors["name"]);
        Assert.Same(inner, ex.InnerException);
        if (ex is VpsRateLimitException limited)
        {
            Assert.Equal(TimeSpan.FromSeconds(3), limited.RetryAfter);
        }
    }
}
