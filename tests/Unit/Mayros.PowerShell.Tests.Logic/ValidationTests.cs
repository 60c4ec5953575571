using System.Management.Automation;
using Mayros.PowerShell.Configuration;
using Mayros.PowerShell.Errors;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Tests.Logic;

public sealed class ValidationTests
{
    public static TheoryData<string?, string> BadKeys => new()
    {
        { null, "empty" },
        { string.Empty, "empty" },
        { "   ", "white space" },
        { "\t", "white space" },
        { " lead", "starts or ends" },
        { "trail ", "starts or ends" },
        { "a\u0001b", "control character U+0001" },
        { "line\nbreak", "control character U+000A" },
        { "<mayros:session:x>", "angle bracket" },
        { "a>b", "angle bracket" },
        { new string('k', 10_000), "10,000 characters" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void BadSessionKeysAreInvalidArguments(string? key, string why)
    {
        var error = Assert.Throws<MayrosException>(() => SessionKeys.Validate(key, "Session"));

        Assert.Equal(ErrorIds.InvalidSessionKey, error.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.Category);
        Assert.Contains(why, error.Message, System.StringComparison.Ordinal);
        Assert.Contains("-Session", error.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("agent:main:main")]
    [InlineData("fork-1a2b3c4d")]
    [InlineData("with space inside")]
    [InlineData("ünïcödé-キー")]
    public void OrdinaryKeysAreAccepted(string key) => SessionKeys.Validate(key, "Session");

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("<mayros>")]
    public void BadNamespacesAreTerminatingInvalidArguments(string ns)
    {
        var error = Assert.Throws<MayrosException>(() => Names.ValidateNamespace(ns));

        Assert.Equal(ErrorIds.InvalidNamespace, error.ErrorId);
        Assert.True(error.Terminating);
    }

    [Theory]
    [InlineData(400, ErrorCategory.InvalidArgument, false)]
    [InlineData(422, ErrorCategory.InvalidArgument, false)]
    [InlineData(401, ErrorCategory.AuthenticationError, true)]
    [InlineData(403, ErrorCategory.PermissionDenied, true)]
    [InlineData(404, ErrorCategory.ObjectNotFound, false)]
    [InlineData(409, ErrorCategory.ResourceExists, false)]
    [InlineData(408, ErrorCategory.OperationTimeout, false)]
    [InlineData(413, ErrorCategory.LimitsExceeded, false)]
    [InlineData(429, ErrorCategory.LimitsExceeded, false)]
    [InlineData(500, ErrorCategory.InvalidResult, false)]
    [InlineData(503, ErrorCategory.InvalidResult, false)]
    public void StatusCodesMapToCategories(int status, ErrorCategory category, bool terminating)
    {
        var (id, mapped, stops) = ErrorRecordFactory.Map(status);

        Assert.Equal(category, mapped);
        Assert.Equal(terminating, stops);
        Assert.False(string.IsNullOrEmpty(id));
    }
}
