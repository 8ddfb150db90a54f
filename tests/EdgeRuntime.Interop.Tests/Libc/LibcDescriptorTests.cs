using System.IO.Pipes;
using EdgeRuntime.Interop.Libc;

namespace EdgeRuntime.Interop.Tests.Libc;

/// <summary>
/// The checks made before standard input is read. The positive case (an inherited pipe) is the daemon's piped
/// standard-input test; here, what must not pass for an inherited terminal or pipe.
/// </summary>
public sealed class LibcDescriptorTests
{
    [Fact]
    public void A_descriptor_this_process_opened_or_closed_is_not_inherited_and_a_pipe_or_file_is_no_terminal()
    {
        using var dir = Repo.TempDir();
        int closed;
        using (var file = new FileStream(dir.File("f"), FileMode.Create))
        {
            var fd = (int)file.SafeFileHandle.DangerousGetHandle();
            Assert.False(LibcDescriptor.IsInherited(fd)); // .NET opens with O_CLOEXEC: what a reused number looks like
            Assert.False(LibcDescriptor.IsTerminal(fd));
            closed = fd;
        }
        Assert.False(LibcDescriptor.IsInherited(closed)); // closed now (or reused by another test's file: close-on-exec too)

        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        Assert.False(LibcDescriptor.IsTerminal((int)pipe.SafePipeHandle.DangerousGetHandle()));
    }
}
