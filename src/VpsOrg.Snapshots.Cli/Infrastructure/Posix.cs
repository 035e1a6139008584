using System;
using System.Runtime.InteropServices;

namespace VpsOrg.Snapshots.Cli.Infrastructure;

/// <summary>
/// The few libc calls guard needs to supervise COMMAND as <c>tini -g</c> and coreutils <c>timeout</c> do: spawn it in a
/// process group of its own (posix_spawn), hand it the terminal, signal its group, and wait for it. Blittable
/// signatures only (no runtime marshalling), so the Native AOT binary needs nothing more. Linux and macOS.
/// </summary>
internal static class Posix
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;

    /// <summary>SIGCONT: 18 on Linux, 19 on macOS.</summary>
    public static readonly int SIGCONT = OperatingSystem.IsMacOS() ? 19 : 18;

    /// <summary>POSIX_SPAWN_SETPGROUP, _SETSIGDEF and _SETSIGMASK (the same bits in glibc, musl and macOS).</summary>
    public const short SpawnSetPgroup = 0x02;
    public const short SpawnSetSigDef = 0x04;
    public const short SpawnSetSigMask = 0x08;

    private const int EINTR = 4;
    private const int OpaqueSize = 1024;

    /// <summary>glibc 2.35+: the child makes its process group the terminal's foreground before it runs COMMAND.</summary>
    private static readonly IntPtr AddTcSetPgrp = NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "posix_spawn_file_actions_addtcsetpgrp_np", out var address) ? address : IntPtr.Zero;

    public const int SignalTtou = 22;

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    public static extern int getpgrp();

    [DllImport("libc", SetLastError = true)]
    public static extern int isatty(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int tcgetpgrp(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcsetpgrp(int fd, int pgrp);

    [DllImport("libc", SetLastError = true)]
    private static extern int waitpid(int pid, out int status, int options);

    [DllImport("libc")]
    private static extern int posix_spawnp(out int pid, IntPtr file, IntPtr fileActions, IntPtr attributes, IntPtr argv, IntPtr envp);

    [DllImport("libc")]
    private static extern int posix_spawnattr_init(IntPtr attributes);

    [DllImport("libc")]
    private static extern int posix_spawnattr_destroy(IntPtr attributes);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setflags(IntPtr attributes, short flags);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setpgroup(IntPtr attributes, int pgroup);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setsigdefault(IntPtr attributes, IntPtr signals);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setsigmask(IntPtr attributes, IntPtr signals);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_init(IntPtr actions);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_destroy(IntPtr actions);

    [DllImport("libc")]
    private static extern int sigemptyset(IntPtr set);

    [DllImport("libc")]
    private static extern int sigaddset(IntPtr set, int signal);

    [DllImport("libc")]
    private static extern int pthread_sigmask(int how, IntPtr set, IntPtr oldSet);

    /// <summary>
    /// Starts <paramref name="file"/> (looked up on PATH) in a new process group (its pid), with the default action
    /// for SIGPIPE (the .NET runtime ignores it, and COMMAND's pipelines must not inherit that), no blocked signals,
    /// and, when <paramref name="terminal"/> is a terminal fd, that terminal's foreground group.
    /// </summary>
    /// <returns>The child's pid, or the error number (negative) when it could not be started.</returns>
    public static unsafe int Spawn(string file, string[] argv, string[] environment, int terminal, out bool childTookTerminal)
    {
        childTookTerminal = false;
        var attributes = Marshal.AllocHGlobal(OpaqueSize);
        var actions = Marshal.AllocHGlobal(OpaqueSize);
        var defaults = Marshal.AllocHGlobal(OpaqueSize);
        var mask = Marshal.AllocHGlobal(OpaqueSize);
        var strings = new System.Collections.Generic.List<IntPtr>();
        try
        {
            Ok(posix_spawnattr_init(attributes));
            Ok(posix_spawn_file_actions_init(actions));
            Ok(posix_spawnattr_setflags(attributes, (short)(SpawnSetPgroup | SpawnSetSigDef | SpawnSetSigMask)));
            Ok(posix_spawnattr_setpgroup(attributes, 0));
            Ok(sigemptyset(defaults));
            Ok(sigaddset(defaults, SIGPIPE));
            Ok(posix_spawnattr_setsigdefault(attributes, defaults));
            Ok(sigemptyset(mask));
            Ok(posix_spawnattr_setsigmask(attributes, mask));
            if (terminal >= 0 && AddTcSetPgrp != IntPtr.Zero)
            {
                childTookTerminal = ((delegate* unmanaged<IntPtr, int, int>)AddTcSetPgrp)(actions, terminal) == 0;
            }

            var argvBlock = Strings(argv, strings);
            var envBlock = Strings(environment, strings);
            var path = Marshal.StringToCoTaskMemUTF8(file);
            strings.Add(path);
            var error = posix_spawnp(out var pid, path, actions, attributes, argvBlock, envBlock);
            return error == 0 ? pid : -error;
        }
        finally
        {
            _ = posix_spawn_file_actions_destroy(actions);
            _ = posix_spawnattr_destroy(attributes);
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }

            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(defaults);
            Marshal.FreeHGlobal(mask);
        }
    }

    /// <summary>Waits for the child to end: its exit code, or the signal that ended it.</summary>
    public static (int? ExitCode, int? Signal) Wait(int pid)
    {
        while (true)
        {
            if (waitpid(pid, out var status, 0) == pid)
            {
                var low = status & 0x7f;
                return low == 0 ? ((status >> 8) & 0xff, null) : (null, low);
            }

            if (Marshal.GetLastPInvokeError() != EINTR)
            {
                return (null, null);
            }
        }
    }

    /// <summary>Makes <paramref name="pgrp"/> the terminal's foreground group, with SIGTTOU blocked on this thread (a background group may not, otherwise).</summary>
    public static void SetForeground(int terminal, int pgrp)
    {
        var set = Marshal.AllocHGlobal(OpaqueSize);
        var old = Marshal.AllocHGlobal(OpaqueSize);
        try
        {
            // Best effort: a terminal gone meanwhile has nobody left to hand it to.
            _ = sigemptyset(set);
            _ = sigaddset(set, SignalTtou);
            _ = pthread_sigmask(0 /* SIG_BLOCK */, set, old);
            _ = tcsetpgrp(terminal, pgrp);
            _ = pthread_sigmask(2 /* SIG_SETMASK */, old, IntPtr.Zero);
        }
        finally
        {
            Marshal.FreeHGlobal(set);
            Marshal.FreeHGlobal(old);
        }
    }

    /// <summary>The first of stdin, stdout and stderr that is the controlling terminal with this process in its foreground, or -1.</summary>
    public static int ForegroundTerminal()
    {
        var own = getpgrp();
        for (var fd = 0; fd <= 2; fd++)
        {
            if (isatty(fd) == 1 && tcgetpgrp(fd) == own)
            {
                return fd;
            }
        }

        return -1;
    }

    private static void Ok(int result)
    {
        if (result != 0)
        {
            throw new System.ComponentModel.Win32Exception(result);
        }
    }

    private static IntPtr Strings(string[] values, System.Collections.Generic.List<IntPtr> owned)
    {
        var block = Marshal.AllocCoTaskMem(IntPtr.Size * (values.Length + 1));
        owned.Add(block);
        for (var i = 0; i < values.Length; i++)
        {
            var value = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(value);
            Marshal.WriteIntPtr(block, i * IntPtr.Size, value);
        }

        Marshal.WriteIntPtr(block, values.Length * IntPtr.Size, IntPtr.Zero);
        return block;
    }
}
