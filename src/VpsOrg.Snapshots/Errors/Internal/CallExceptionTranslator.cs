using System;
using System.Net.Http;
using System.Threading;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Http.Internal;

namespace VpsOrg.Snapshots.Errors.Internal;

/// <summary>
/// Maps what escaped a call to the exceptions of the public contract: the budget to <see cref="TimeoutException"/>,
/// the caller's token to cancellation, and a transport failure of a change whose outcome is unknown to an
/// <see cref="HttpRequestException"/> that says so.
/// </summary>
internal static class CallExceptionTranslator
{
    public static Exception Translate(Exception exception, ApiOperation operation, CallBudget budget, CallRecord record, string path, CancellationToken callerToken)
    {
        if (exception is OperationCanceledException)
        {
            if (callerToken.IsCancellationRequested)
            {
                return exception;
            }

            var why = budget.Expired
                ? $"did not complete within its budget of {budget.Budget.TotalSeconds:0.###} s (VpsSnapshotsOptions.Timeout)"
                : "timed out (the HttpClient's own Timeout)";
            return new TimeoutException($"VPS.org {operation.Method} {record.LastPath ?? path} {why} after {record.TotalAttempts} attempt(s).{Unknown(operation)}", exception);
        }

        if (exception is HttpRequestException && operation != ApiOperation.List && record.LastOutcome == OutcomeKind.Unknown)
        {
            return new HttpRequestException(
                $"VPS.org {operation.Method} {record.LastPath ?? path} failed in transport after the request was sent ({exception.Message}).{Unknown(operation)}",
                exception);
        }

        if (exception is TimeoutException && operation != ApiOperation.List)
        {
            return new TimeoutException(exception.Message + Unknown(operation), exception);
        }

        return exception;
    }

    private static string Unknown(ApiOperation operation)
    {
        if (operation == ApiOperation.Create)
        {
            return " The snapshot may or may not have been created; list the server's snapshots to check.";
        }

        if (operation == ApiOperation.Restore)
        {
            return " The restore may or may not have started; check the server's status before restoring again.";
        }

        if (operation == ApiOperation.Delete)
        {
            return " The snapshot may or may not have been deleted; list the server's snapshots to check.";
        }

        return string.Empty;
    }
}
