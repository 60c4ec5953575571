using System;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// Hands an answer's body from the transport's thread to the caller's. RestSharp gives the body stream to its
    /// response writer on one of its own threads; the body must be read on the caller's, so that what the caller's
    /// reader does with each item (write it to the pipeline, report progress) happens on the thread PowerShell
    /// requires. The transport's thread waits meanwhile, and gets any failure of the read as its own, so that the
    /// transport reports the exchange as failed.
    /// </summary>
    internal sealed class BodyHandOff : IDisposable
    {
        private readonly ManualResetEventSlim _arrived = new ManualResetEventSlim();
        private readonly ManualResetEventSlim _read = new ManualResetEventSlim();
        private Stream? _stream;
        private Exception? _readFailure;

        /// <summary>
        /// Called on the transport's thread with the body: waits until the caller has read it, then rethrows what the
        /// read threw (if anything).
        /// </summary>
        public void Deliver(Stream body)
        {
            _stream = body;
            _arrived.Set();
            _read.Wait();
            if (_readFailure != null)
            {
                ExceptionDispatchInfo.Capture(_readFailure).Throw();
            }
        }

        /// <summary>
        /// Starts <paramref name="send"/> on a pool thread (the body may be delivered before the send's task even
        /// exists, and never on this thread, which is the one that reads it), reads the body here with
        /// <paramref name="read"/> if one is delivered, and returns what the send returned (or throws what it threw).
        /// When the send ends without a body (no answer, or one with no body to hand over), nothing is read.
        /// </summary>
        public T Run<T>(Func<Task<T>> send, Action<Stream> read)
        {
            var sending = Task.Run(send);
            WaitHandle.WaitAny(new[] { _arrived.WaitHandle, ((IAsyncResult)sending).AsyncWaitHandle });
            if (_arrived.IsSet)
            {
                try
                {
                    read(_stream!);
                }
                catch (Exception ex)
                {
                    _readFailure = ex;
                }
                finally
                {
                    _read.Set();
                }
            }

            return sending.GetAwaiter().GetResult();
        }

        /// <summary>Releases the two wait handles.</summary>
        public void Dispose()
        {
            _arrived.Dispose();
            _read.Dispose();
        }
    }
}
