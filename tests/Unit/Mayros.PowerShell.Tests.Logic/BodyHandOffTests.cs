using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Mayros.PowerShell.Cortex.Http;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>
/// The answer body's hand-off between RestSharp's thread and the caller's (HttpExchange): the body is read on the
/// caller's thread, and whatever stops the read (the reader, a cancel, a timeout) reaches the transport's side.
/// </summary>
public sealed class BodyHandOffTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void TheBodyIsReadOnTheCallersThreadWhileTheTransportWaits()
    {
        using var handOff = new BodyHandOff();
        var caller = Environment.CurrentManagedThreadId;
        int? transportThread = null, readerThread = null;
        var transportWaited = false;
        string? text = null;

        var result = handOff.Run(
            () =>
            {
                transportThread = Environment.CurrentManagedThreadId;
                handOff.Deliver(new MemoryStream(Encoding.UTF8.GetBytes("{\"events\":[]}")));
                transportWaited = text != null;
                return Task.FromResult("sent");
            },
            body =>
            {
                readerThread = Environment.CurrentManagedThreadId;
                text = new StreamReader(body).ReadToEnd();
            });

        Assert.Equal("sent", result);
        Assert.Equal("{\"events\":[]}", text);
        Assert.Equal(caller, readerThread);
        Assert.NotEqual(caller, transportThread);
        Assert.True(transportWaited, "Deliver returned before the caller had read the body");
    }

    [Fact]
    public void AReaderThatThrowsFailsTheTransportWithTheSameException()
    {
        using var handOff = new BodyHandOff();
        var thrown = new InvalidDataException("an event's 'id' is not a string");

        var seen = handOff.Run(
            () => Task.FromResult(Deliver(handOff, new MemoryStream(new byte[] { 1, 2, 3 }))),
            _ => throw thrown);

        Assert.Same(thrown, seen);
    }

    [Fact]
    public void ACancelInTheMiddleOfTheBodyStopsTheReadAndTheTransport()
    {
        using var handOff = new BodyHandOff();
        using var cancel = new CancellationTokenSource();
        var body = new StalledStream(Encoding.UTF8.GetBytes("[{\"id\":\"e1\"},"), token => new OperationCanceledException(token), cancel.Token);
        var firstChunk = 0;

        var (seen, elapsed) = Timed(() => handOff.Run(
            () => Task.FromResult(Deliver(handOff, body)),
            stream =>
            {
                var buffer = new byte[4096];
                firstChunk = stream.Read(buffer, 0, buffer.Length);
                cancel.CancelAfter(50);
                stream.ReadExactly(buffer, 0, 1);
            }));

        Assert.Equal(13, firstChunk);
        var canceled = Assert.IsType<OperationCanceledException>(seen);
        Assert.Equal(cancel.Token, canceled.CancellationToken);
        Assert.True(elapsed < Patience, $"the hand-off took {elapsed} after the cancel");
    }

    [Fact]
    public void ATimeoutDuringTheBodyReachesTheTransportAsATimeout()
    {
        using var handOff = new BodyHandOff();
        using var timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var body = new StalledStream(Encoding.UTF8.GetBytes("[{\"id\":"), _ => new TimeoutException("the body stalled"), timer.Token);
        var read = new MemoryStream();

        var seen = handOff.Run(() => Task.FromResult(Deliver(handOff, body)), stream => stream.CopyTo(read));

        Assert.Equal("[{\"id\":", Encoding.UTF8.GetString(read.ToArray()));
        Assert.Equal("the body stalled", Assert.IsType<TimeoutException>(seen).Message);
    }

    [Fact]
    public void ATransportThatFinishesWithoutABodyIsNotWaitedOnAndNothingIsRead()
    {
        using var handOff = new BodyHandOff();
        var reads = 0;

        var result = handOff.Run(
            async () =>
            {
                await Task.Delay(20);
                return 204;
            },
            _ => reads++);

        Assert.Equal(204, result);
        Assert.Equal(0, reads);
    }

    [Fact]
    public void ATransportThatFailsBeforeTheBodyThrowsItsOwnException()
    {
        using var handOff = new BodyHandOff();
        var reads = 0;

        var failure = Assert.Throws<IOException>(() => handOff.Run<int>(
            () => throw new IOException("Connection refused (127.0.0.1:9)"),
            _ => reads++));

        Assert.Equal("Connection refused (127.0.0.1:9)", failure.Message);
        Assert.Equal(0, reads);
    }

    /// <summary>What the transport's side saw: null when Deliver returned, else what it threw.</summary>
    private static Exception? Deliver(BodyHandOff handOff, Stream body)
    {
        try
        {
            handOff.Deliver(body);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static (T Result, TimeSpan Elapsed) Timed<T>(Func<T> run)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = run();
        return (result, clock.Elapsed);
    }

    /// <summary>A body that sends its first bytes, then stalls until a token fires, then fails as the token says.</summary>
    private sealed class StalledStream : Stream
    {
        private readonly byte[] _first;
        private readonly CancellationToken _stop;
        private readonly Func<CancellationToken, Exception> _failure;
        private bool _sent;

        public StalledStream(byte[] first, Func<CancellationToken, Exception> failure, CancellationToken stop)
        {
            _first = first;
            _stop = stop;
            _failure = failure;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!_sent)
            {
                _sent = true;
                Array.Copy(_first, 0, buffer, offset, _first.Length);
                return _first.Length;
            }

            _stop.WaitHandle.WaitOne(Patience);
            throw _failure(_stop);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
