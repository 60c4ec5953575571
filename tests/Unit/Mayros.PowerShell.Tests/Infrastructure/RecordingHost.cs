using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace Mayros.PowerShell.Tests.Infrastructure;

/// <summary>
/// A PowerShell host that records what a user would see: what Out-Default renders (tables at 80 columns), the
/// "What if:" lines, warnings, verbose and debug lines, and every progress record.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingUserInterface _ui = new();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "MayrosTestHost";

    public override PSHostUserInterface UI => _ui;

    public override Version Version => new(1, 0);

    /// <summary>Everything written to the console, as one text.</summary>
    public string Text => _ui.Text.ToString();

    public IReadOnlyList<ProgressRecord> Progress => _ui.Progress;

    public void Clear()
    {
        _ui.Text.Clear();
        _ui.Progress.Clear();
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class RecordingUserInterface : PSHostUserInterface
    {
        private readonly RecordingRawUserInterface _raw = new();

        public StringBuilder Text { get; } = new();

        public List<ProgressRecord> Progress { get; } = new();

        public override PSHostRawUserInterface RawUI => _raw;

        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("The test host cannot prompt.");

        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new NotSupportedException("The test host cannot prompt: " + message);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes,
            PSCredentialUIOptions options) => throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException();

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();

        public override void Write(string value) => Text.Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Text.Append(value);

        public override void WriteLine(string value) => Text.Append(value).Append('\n');

        public override void WriteErrorLine(string value) => Text.Append("ERROR: ").Append(value).Append('\n');

        public override void WriteDebugLine(string message) => Text.Append("DEBUG: ").Append(message).Append('\n');

        public override void WriteVerboseLine(string message) => Text.Append("VERBOSE: ").Append(message).Append('\n');

        public override void WriteWarningLine(string message) => Text.Append("WARNING: ").Append(message).Append('\n');

        public override void WriteProgress(long sourceId, ProgressRecord record) => Progress.Add(record);
    }

    private sealed class RecordingRawUserInterface : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Size BufferSize { get; set; } = new(80, 300);

        public override Coordinates CursorPosition { get; set; }

        public override int CursorSize { get; set; } = 1;

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.White;

        public override bool KeyAvailable => false;

        public override Size MaxPhysicalWindowSize => new(80, 50);

        public override Size MaxWindowSize => new(80, 50);

        public override Coordinates WindowPosition { get; set; }

        public override Size WindowSize { get; set; } = new(80, 50);

        public override string WindowTitle { get; set; } = "test";

        public override void FlushInputBuffer()
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }
}
