package org.llavalens.headless;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.llavalens.headless.cli.Console;

/** The {@code org.llavalens.headless.app} application: {@code ./llavalens <command> ...}. */
public final class HeadlessApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        context.applicationRunning();
        int code = Commands.cli().run(args == null ? new String[0] : args, Console.system());
        return Integer.valueOf(code);
    }

    @Override
    public void stop() {
        // Commands check Thread interruption; nothing is held open between commands.
    }
}
