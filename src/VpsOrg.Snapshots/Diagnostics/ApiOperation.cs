namespace VpsOrg.Snapshots.Diagnostics;

/// <summary>One of the API's four operations, with the names its logs and activities use.</summary>
internal sealed class ApiOperation
{
    public static readonly ApiOperation List = new("list", "GET");
    public static readonly ApiOperation Create = new("create", "POST");
    public static readonly ApiOperation Restore = new("restore", "POST");
    public static readonly ApiOperation Delete = new("delete", "DELETE");

    private ApiOperation(string name, string method)
    {
        Name = name;
        Method = method;
        ActivityName = "VpsOrg.Snapshots." + char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    public string Name { get; }

    public string Method { get; }

    public string ActivityName { get; }
}
